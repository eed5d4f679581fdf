package dev.exportflow.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.devstack.testing.TestKafka;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;

/** {@code GET /api/admin/exports}: every tenant's jobs, each filter, keyset paging, bad filters, and never a link. */
@QuarkusTest
class AdminExportsTest {

    private final Operator.Session operator = Operator.newOperator();

    @Test
    void everyFilterNarrowsTheListAndPagesFollowEachOtherWithoutLinks() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String ada = Api.newUser("ada");
        String bob = Api.newUser("bob");
        UUID first = Operator.createJob(ada, tenant, 1);
        UUID second = Operator.createJob(bob, tenant, 2);
        UUID third = Operator.createJob(ada, tenant, 3);
        UUID fourth = Operator.createJob(bob, tenant, 4);
        UUID elsewhere = Operator.createJob(ada, tenant + "-other", 5);
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            Operator.fail(kafka, third, 1, ada, tenant, "QUERY_TIMEOUT");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(Map.of("tenant", tenant, "status", "FAILED")).size() == 1);

        JsonPath all = list(Map.of("tenant", tenant));
        assertThat(all.getList("items.id")).containsExactly(fourth.toString(), third.toString(), second.toString(),
                first.toString());
        assertThat(all.getString("nextCursor")).isNull();
        assertThat(all.getList("items.tenant")).containsOnly(tenant);
        assertThat(all.getString("items[0].owner.userId")).isEqualTo(bob);
        assertThat(all.getString("items[0].owner.email")).isEqualTo(bob + "@example.com");
        assertThat(all.getString("items[1].error.code")).isEqualTo("QUERY_TIMEOUT");
        assertThat(all.getString("items[1].status")).isEqualTo("FAILED");
        assertThat(all.getInt("items[0].generation")).isEqualTo(1);
        assertThat(all.getMap("items[0]")).doesNotContainKey("links");
        assertThat(all.prettify()).doesNotContain("download").doesNotContain("/d/");

        assertThat(ids(Map.of("tenant", tenant, "user", ada))).containsExactly(third, first);
        assertThat(ids(Map.of("user", ada))).containsExactly(elsewhere, third, first);
        assertThat(ids(Map.of("tenant", tenant, "status", "failed"))).containsExactly(third);
        assertThat(ids(Map.of("tenant", tenant, "status", "QUEUED"))).containsExactly(fourth, second, first);
        assertThat(ids(Map.of("tenant", tenant, "errorCode", "QUERY_TIMEOUT"))).containsExactly(third);
        assertThat(ids(Map.of("tenant", tenant, "errorCode", "QUERY_FAILED"))).isEmpty();
        assertThat(ids(Map.of("tenant", tenant, "dataset", "orders"))).hasSize(4);
        assertThat(ids(Map.of("tenant", tenant, "dataset", "customers"))).isEmpty();

        String secondCreated = all.getString("items[2].createdAt");
        assertThat(ids(Map.of("tenant", tenant, "from", secondCreated))).containsExactly(fourth, third, second);
        assertThat(ids(Map.of("tenant", tenant, "to", secondCreated))).containsExactly(first);
        assertThat(ids(Map.of("tenant", tenant, "from", all.getString("items[3].createdAt"), "to", secondCreated)))
                .containsExactly(first);

        List<UUID> paged = new ArrayList<>();
        JsonPath page = list(Map.of("tenant", tenant, "limit", "3"));
        paged.addAll(page.getList("items.id", String.class).stream().map(UUID::fromString).toList());
        assertThat(page.getString("nextCursor")).isNotBlank();
        page = list(Map.of("tenant", tenant, "limit", "3", "cursor", page.getString("nextCursor")));
        paged.addAll(page.getList("items.id", String.class).stream().map(UUID::fromString).toList());
        assertThat(page.getString("nextCursor")).isNull();
        assertThat(paged).containsExactly(fourth, third, second, first);
    }

    @Test
    void everyBadFilterIsNamedInOne400() {
        String longText = "x".repeat(300);
        JsonPath problem = operator.call()
                .queryParam("status", "NOPE").queryParam("tenant", longText).queryParam("user", longText)
                .queryParam("dataset", "d".repeat(65)).queryParam("errorCode", "DROP TABLE;")
                .queryParam("from", "yesterday").queryParam("to", "2026-13-01").queryParam("cursor", "not-a-cursor")
                .queryParam("limit", "0")
                .get("/api/admin/exports").then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(problem.getList("errors.field")).containsExactlyInAnyOrder("status", "tenant", "user", "dataset",
                "errorCode", "from", "to", "cursor", "limit");

        for (Map<String, String> bad : List.of(Map.of("limit", "101"), Map.of("limit", "ten"),
                Map.of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"), Map.of("tenant", "a\u0000b"),
                Map.of("cursor", "MjAyNi0wMS0zMVQxMDowMDowMFp8bm90LWEtdXVpZA"))) {
            String field = bad.containsKey("to") ? "to" : bad.keySet().iterator().next();
            operator.call().queryParams(bad).get("/api/admin/exports").then().statusCode(400)
                    .contentType("application/problem+json");
            assertThat(operator.call().queryParams(bad).get("/api/admin/exports").jsonPath().getList("errors.field"))
                    .as(bad.toString()).containsExactly(field);
        }
    }

    private JsonPath list(Map<String, String> query) {
        return operator.call().queryParams(query).get("/api/admin/exports").then().statusCode(200).extract().jsonPath();
    }

    private List<UUID> ids(Map<String, String> query) {
        return list(query).getList("items.id", String.class).stream().map(UUID::fromString).toList();
    }
}
