package dev.exportflow.events.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every parameter type refuses values whose size would make the work that follows expensive, before converting them. */
class ParameterBoundsTest {

    @Test
    void aDecimalWithAHugeExponentIsRefusedWithoutExpandingIt() {
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("1e1100000")).hasMessage("must be less than 10^38 in size");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("1e999999999")).hasMessage("must be less than 10^38 in size");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("-1E+39")).hasMessage("must be less than 10^38 in size");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("1e99999999999")).hasMessage("must be a decimal number");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize(1e300)).hasMessage("must be less than 10^38 in size");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize(Double.POSITIVE_INFINITY))
                .hasMessage("must be a decimal number");
    }

    @Test
    void aDecimalMayHaveThirtyEightDigitsBeforeAndTwentyAfterItsPoint() {
        String largest = "9".repeat(38) + "." + "9".repeat(20);
        assertThat(ParameterType.DECIMAL.normalize(largest)).isEqualTo(largest);
        assertThat(ParameterType.DECIMAL.normalize("1e37")).isEqualTo("1" + "0".repeat(37));
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("1" + "0".repeat(38)))
                .hasMessage("must be less than 10^38 in size");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("0." + "0".repeat(20) + "1"))
                .hasMessage("must have at most 20 digits after the decimal point");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("0e-999999999"))
                .hasMessage("must have at most 20 digits after the decimal point");
    }

    @Test
    void overlongTextIsRefusedUnread() {
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("1".repeat(81)))
                .hasMessage("must be a decimal number of at most 80 characters");
        assertThatThrownBy(() -> ParameterType.INTEGER.normalize("1".repeat(33)))
                .hasMessage("must be a whole number of at most 32 characters");
        assertThatThrownBy(() -> ParameterType.DATE.normalize(" ".repeat(40) + "2024-01-01"))
                .hasMessage("must be a date (YYYY-MM-DD) of at most 32 characters");
        assertThatThrownBy(() -> ParameterType.STRING.normalize("x".repeat(10_001)))
                .hasMessage("must be a text of at most 10000 characters");
    }

    @Test
    void aWholeNumberBeyondSixtyFourBitsIsNoWholeNumber() {
        assertThat(ParameterType.INTEGER.normalize(Long.toString(Long.MAX_VALUE))).isEqualTo("9223372036854775807");
        assertThatThrownBy(() -> ParameterType.INTEGER.normalize("9223372036854775808")).hasMessage("must be a whole number");
    }

    @Test
    void datesAndTimestampsStayWithinTheYearsOneToNineThousandNineHundredNinetyNine() {
        assertThat(ParameterType.DATE.normalize("0001-01-01")).isEqualTo("0001-01-01");
        assertThat(ParameterType.DATE.normalize("9999-12-31")).isEqualTo("9999-12-31");
        assertThatThrownBy(() -> ParameterType.DATE.normalize("0000-12-31")).hasMessage("must be in the years 1 to 9999");
        assertThatThrownBy(() -> ParameterType.DATE.normalize("+10000-01-01")).hasMessage("must be in the years 1 to 9999");
        assertThatThrownBy(() -> ParameterType.TIMESTAMP.normalize("+999999999-12-31T23:59:59Z"))
                .hasMessage("must be in the years 1 to 9999");
    }

    @Test
    void aStringIsAtMostItsCatalogLengthOrAThousandCharacters() {
        Dataset dataset = Catalogs.of(Map.of(
                "exportflow.datasets.notes.title", "Notes",
                "exportflow.datasets.notes.sql", "select * from notes where a = :free and b = :short",
                "exportflow.datasets.notes.parameters.free.type", "string",
                "exportflow.datasets.notes.parameters.short.type", "string",
                "exportflow.datasets.notes.parameters.short.max-length", "3")).find("notes").orElseThrow();

        assertThat(dataset.validate(Map.of("free", "x".repeat(1000), "short", "abc")).valid()).isTrue();
        assertThat(dataset.validate(Map.of("free", "x".repeat(1001), "short", "abcd")).violations()).containsExactlyInAnyOrder(
                new Violation("parameters.free", "must be at most 1000 characters long"),
                new Violation("parameters.short", "must be at most 3 characters long"));
    }

    @Test
    void aRangeThatEndsBeforeItStartsNamesItsEnd() {
        Dataset orders = Catalogs.demo().find("orders").orElseThrow();

        assertThat(orders.validate(Map.of("from_date", "2024-03-01", "to_date", "2024-02-29")).violations())
                .containsExactly(new Violation("parameters.to_date", "must not be before from_date"));
        assertThat(orders.validate(Map.of("from_date", "2024-03-01", "to_date", "2024-03-01")).valid()).isTrue();
        assertThat(orders.validate(Map.of("to_date", "2024-03-01")).valid()).isTrue();
    }

    @Test
    void aRangeMustPairTwoRequestParametersOfOneType() {
        assertThatThrownBy(() -> Catalogs.of(Map.of(
                "exportflow.datasets.bad.title", "Bad",
                "exportflow.datasets.bad.sql", "select * from t where a >= :since and a < :until",
                "exportflow.datasets.bad.parameters.since.type", "timestamp",
                "exportflow.datasets.bad.parameters.until.type", "date",
                "exportflow.datasets.bad.parameters.until.not-before", "since",
                "exportflow.datasets.bad.parameters.since.max-length", "20000")))
                .isInstanceOfSatisfying(InvalidCatalogException.class, e -> assertThat(e.mistakes()).containsExactlyInAnyOrder(
                        "dataset 'bad', parameter 'until': not-before must name another request parameter of type date",
                        "dataset 'bad', parameter 'since': max-length must be between 1 and 10000"));
    }

    @Test
    void tooManyEntriesAreRefusedAsOneAndLongUnknownNamesAreCutShort() {
        Dataset orders = Catalogs.demo().find("orders").orElseThrow();
        Map<String, Object> many = new java.util.HashMap<>();
        for (int i = 0; i <= Dataset.MAX_GIVEN; i++) {
            many.put("p" + i, i);
        }

        assertThat(orders.validate(many).violations())
                .containsExactly(new Violation("parameters", "must have at most 100 entries"));
        assertThat(orders.validate(Map.of("n".repeat(5000), 1)).violations()).singleElement()
                .satisfies(violation -> assertThat(violation.field()).hasSize("parameters.".length() + 65));
    }
}
