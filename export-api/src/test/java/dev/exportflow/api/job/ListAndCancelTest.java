package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.Topics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ListAndCancelTest {

    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void historyIsNewestFirstWithACursorAndAStatusFilter() {
        String user = Api.newUser("tom");
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = Api.createOrdersJob(user, Map.of("min_total", i));
            created.add(id);
            if (i < 4) {
                kafka.publish(Events.failed(id, 1, user));
                Api.awaitStatus(user, id, "FAILED");
            }
        }
        Api.createOrdersJob(Api.newUser("someone-else"), Map.of());

        JsonPath page1 = Api.as(user).queryParam("limit", 2).get("/api/exports").then().statusCode(200)
                .body("items", hasSize(2)).extract().jsonPath();
        JsonPath page2 = Api.as(user).queryParam("limit", 2).queryParam("cursor", page1.getString("nextCursor"))
                .get("/api/exports").then().statusCode(200).body("items", hasSize(2)).extract().jsonPath();
        JsonPath page3 = Api.as(user).queryParam("limit", 2).queryParam("cursor", page2.getString("nextCursor"))
                .get("/api/exports").then().statusCode(200).body("items", hasSize(1))
                .body("nextCursor", nullValue()).extract().jsonPath();
        List<String> all = new ArrayList<>();
        all.addAll(page1.getList("items.id"));
        all.addAll(page2.getList("items.id"));
        all.addAll(page3.getList("items.id"));
        assertThat(all).containsExactly(created.get(4).toString(), created.get(3).toString(), created.get(2).toString(),
                created.get(1).toString(), created.get(0).toString());

        Api.as(user).queryParam("status", "queued").get("/api/exports").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(created.get(4).toString()));
        Api.as(user).queryParam("status", "FAILED").get("/api/exports").then().body("items", hasSize(4));

        Api.as(user).queryParam("status", "DONE").get("/api/exports").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        Api.as(user).queryParam("limit", 0).get("/api/exports").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        Api.as(user).queryParam("cursor", "not-a-cursor").get("/api/exports").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void cancelGoesThroughTheOutboxOnceAndIsIdempotent() {
        String user = Api.newUser("uma");
        UUID id = Api.createOrdersJob(user, Map.of());
        Api.as(Api.newUser("victor")).post("/api/exports/{id}/cancel", id).then().statusCode(404);
        Api.as(user).post("/api/exports/{id}/cancel", id).then().statusCode(202).body("status", equalTo("CANCELLING"));
        Api.as(user).post("/api/exports/{id}/cancel", id).then().statusCode(202).body("status", equalTo("CANCELLING"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kafka.records(Topics.EXPORT_CANCEL_REQUESTED, id)).hasSize(1));
        var record = kafka.records(Topics.EXPORT_CANCEL_REQUESTED, id).get(0);
        assertThat(TestKafka.header(record, CloudEventHeaders.TYPE)).isEqualTo("dev.exportflow.export.cancel-requested.v1");
        assertThat(((ExportCancelRequested) kafka.event(record)).generation()).isEqualTo(1);

        kafka.publish(Events.cancelled(id, 1));
        Api.awaitStatus(user, id, "CANCELLED");
        Api.as(user).post("/api/exports/{id}/cancel", id).then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(kafka.records(Topics.EXPORT_CANCEL_REQUESTED, id)).hasSize(1);
    }

    @Test
    void aFinishedExportCannotBeCancelled() {
        String user = Api.newUser("wade");
        UUID id = Api.createOrdersJob(user, Map.of());
        kafka.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 1, 10));
        Api.awaitStatus(user, id, "SUCCEEDED");
        Api.as(user).post("/api/exports/{id}/cancel", id).then().statusCode(409).contentType("application/problem+json");
        Api.as(user).post("/api/exports/{id}/cancel", "not-a-uuid").then().statusCode(404);
    }
}
