package dev.exportflow.events.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.exportflow.events.Requester;

import org.junit.jupiter.api.Test;

class DatasetCatalogTest {

    private static final Requester ADA = new Requester("ada", "ada@example.com", "en", "acme", "UTC");

    private final DatasetCatalog demo = Catalogs.demo();
    private final Dataset orders = demo.find("orders").orElseThrow();

    @Test
    void theDemoCatalogIsValidAndComplete() {
        assertThat(demo.all()).extracting(Dataset::name).containsExactly("customers", "orders");
        assertThat(orders.title()).isEqualTo("Orders");
        assertThat(orders.statementTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(orders.requestParameters()).extracting(Parameter::name)
                .containsExactly("from_date", "min_total", "status", "to_date");
        assertThat(orders.columns().get("total").numeric()).isTrue();
        assertThat(orders.estimateSql()).isNotNull();
    }

    @Test
    void rolesDecideWhoSeesADataset() {
        assertThat(demo.visibleTo(Set.of("exporter"))).extracting(Dataset::name).containsExactly("orders");
        assertThat(demo.visibleTo(Set.of("exporter", "admin"))).extracting(Dataset::name).containsExactly("customers", "orders");
        assertThat(demo.find("customers").orElseThrow().allowedFor(Set.of())).isFalse();
    }

    @Test
    void validParametersAreNormalisedToCanonicalText() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("from_date", "2024-01-31");
        request.put("status", "PAID");
        request.put("min_total", 10.5);

        ValidatedParameters result = orders.validate(request);

        assertThat(result.valid()).isTrue();
        assertThat(result.values()).containsOnly(
                Map.entry("from_date", "2024-01-31"), Map.entry("status", "PAID"), Map.entry("min_total", "10.5"));
    }

    @Test
    void everyBadFieldIsNamed() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("from_date", "31.01.2024");
        request.put("status", "LOST");
        request.put("min_total", -1);
        request.put("colour", "red");
        request.put("tenant_id", "globex");

        ValidatedParameters result = orders.validate(request);

        assertThat(result.valid()).isFalse();
        assertThat(result.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "parameters.from_date", "parameters.status", "parameters.min_total", "parameters.colour", "parameters.tenant_id");
        assertThat(result.violations()).extracting(Violation::message).contains(
                "must be a date (YYYY-MM-DD)", "must be one of NEW, PAID, SHIPPED, CANCELLED", "must be at least 0",
                "is set from your identity and cannot be given");
    }

    @Test
    void listsAndObjectsAreNotSingleValues() {
        ValidatedParameters result = orders.validate(Map.of("status", List.of("PAID", "NEW")));

        assertThat(result.violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("not a list or object"));
    }

    @Test
    void requiredParametersMustBeGivenAndDefaultsFillGaps() {
        DatasetCatalog catalog = Catalogs.of(Map.of(
                "exportflow.datasets.sales.title", "Sales",
                "exportflow.datasets.sales.sql", "select * from sales where day >= :since and region = :region",
                "exportflow.datasets.sales.parameters.since.type", "date",
                "exportflow.datasets.sales.parameters.since.required", "true",
                "exportflow.datasets.sales.parameters.region.type", "string",
                "exportflow.datasets.sales.parameters.region.default-value", "EU"));
        Dataset sales = catalog.find("sales").orElseThrow();

        assertThat(sales.validate(Map.of()).violations()).containsExactly(new Violation("parameters.since", "is required"));
        assertThat(sales.validate(Map.of("since", "2025-02-01")).values())
                .containsOnly(Map.entry("since", "2025-02-01"), Map.entry("region", "EU"));
    }

    @Test
    void bindValuesFollowTheQueryOrderAndTakeCallerValuesFromTheRequester() {
        Map<String, String> canonical = new HashMap<>();
        canonical.put("from_date", "2024-01-31");
        canonical.put("min_total", "10.50");

        List<Object> values = orders.bindValues(canonical, ADA);

        // tenant, from (twice), to (twice), status (twice), min_total (twice), as the SQL uses them
        assertThat(values).containsExactly("acme",
                LocalDate.parse("2024-01-31"), LocalDate.parse("2024-01-31"),
                null, null,
                null, null,
                new BigDecimal("10.50"), new BigDecimal("10.50"));
        assertThat(orders.sql().jdbcSql()).doesNotContain(":tenant_id").contains("o.tenant_id = ?");
    }

    @Test
    void aQueryUsingAnUndeclaredParameterStopsStartup() {
        assertThatThrownBy(() -> Catalogs.of(Map.of(
                "exportflow.datasets.broken.title", "Broken",
                "exportflow.datasets.broken.sql", "select * from t where a = :a and b = :b",
                "exportflow.datasets.broken.parameters.a.type", "integer",
                "exportflow.datasets.broken.parameters.a.default-value", "x")))
                .isInstanceOfSatisfying(InvalidCatalogException.class, e -> assertThat(e.mistakes()).containsExactlyInAnyOrder(
                        "dataset 'broken': the query uses :b but no parameter 'b' is declared",
                        "dataset 'broken', parameter 'a': default 'x' must be a whole number"));
    }

    @Test
    void unknownDatasetsAreNotFound() {
        assertThat(demo.find("nope")).isEmpty();
        assertThat(demo.find(null)).isEmpty();
    }
}
