package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CreateExportTest {

    private final Db db = Db.jobs(Api.stack());
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void acceptsAnExportStoresTheJobAndPublishesExportRequestedOnce() {
        String user = Api.newUser("alice");
        Response response = Api.as(user).contentType(ContentType.JSON)
                .body(Map.of("dataset", "orders", "parameters", Map.of("from_date", "2024-01-01", "status", "PAID",
                        "min_total", 10.50), "options", Map.of("delimiter", ";", "timeZone", "Europe/Berlin")))
                .post("/api/exports");

        response.then().statusCode(202)
                .contentType(ContentType.JSON)
                .header("Location", endsWith("/api/exports/" + response.jsonPath().getString("id")))
                .body("dataset", equalTo("orders"))
                .body("datasetTitle", equalTo("Orders"))
                .body("status", equalTo("QUEUED"))
                .body("generation", equalTo(1))
                .body("parameters.from_date", equalTo("2024-01-01"))
                .body("parameters.status", equalTo("PAID"))
                .body("parameters.min_total", equalTo("10.5"))
                .body("format", equalTo("csv"))
                .body("options.delimiter", equalTo(";"))
                .body("options.header", equalTo(true))
                .body("options.timeZone", equalTo("Europe/Berlin"))
                .body("progress.rows", equalTo(0))
                .body("progress.percent", nullValue())
                .body("finishedAt", nullValue())
                .body("file", nullValue())
                .body("error", nullValue())
                .body("links.self", equalTo("/api/exports/" + response.jsonPath().getString("id")))
                .body("links.events", endsWith("/events"));
        UUID id = UUID.fromString(response.jsonPath().getString("id"));

        Map<String, Object> row = db.one("select owner_id, owner_email, tenant, status, generation, dataset from export_job"
                + " where id = ?", id);
        assertThat(row).containsEntry("owner_id", user).containsEntry("owner_email", user + "@example.com")
                .containsEntry("tenant", "acme").containsEntry("status", "QUEUED").containsEntry("generation", 1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kafka.records(Topics.EXPORT_REQUESTED, id)).hasSize(1));
        ConsumerRecord<String, byte[]> record = kafka.records(Topics.EXPORT_REQUESTED, id).get(0);
        UUID outboxId = (UUID) db.one("select id from outbox_event where aggregate_id = ?", id).get("id");
        assertThat(TestKafka.header(record, CloudEventHeaders.ID)).isEqualTo(outboxId.toString());
        assertThat(TestKafka.header(record, CloudEventHeaders.TYPE)).isEqualTo("dev.exportflow.export.requested.v1");
        assertThat(TestKafka.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/exportflow/export-api");
        assertThat(TestKafka.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        ExportRequested event = (ExportRequested) kafka.event(record);
        assertThat(event.jobId()).isEqualTo(id);
        assertThat(event.generation()).isEqualTo(1);
        assertThat(event.requester().userId()).isEqualTo(user);
        assertThat(event.requester().tenant()).isEqualTo("acme");
        assertThat(event.dataset()).isEqualTo("orders");
        assertThat(event.parameters()).containsExactlyInAnyOrderEntriesOf(
                Map.of("from_date", "2024-01-01", "status", "PAID", "min_total", "10.5"));
        assertThat(event.csv().delimiter()).isEqualTo(";");
        assertThat(event.csv().timeZone()).isEqualTo("Europe/Berlin");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(db.one("select sent_at from outbox_event where id = ?", outboxId).get("sent_at")).isNotNull());

        Api.as(user).get("/api/exports/{id}", id).then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("status", equalTo("QUEUED"));
        Api.as(Api.newUser("mallory")).get("/api/exports/{id}", id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void rejectsAnInvalidRequestNamingEveryBadFieldAndStoresNothing() {
        String user = Api.newUser("bob");
        Api.as(user).contentType(ContentType.JSON)
                .body(Map.of("dataset", "orders", "format", "pdf",
                        "parameters", Map.of("from_date", "yesterday", "status", "LOST", "min_total", -1, "nope", 1,
                                "tenant_id", "globex"),
                        "options", Map.of("delimiter", "|", "timeZone", "Mars/Olympus")))
                .post("/api/exports")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("The request is not valid"))
                .body("errors.field", containsInAnyOrder("format", "options.delimiter", "options.timeZone",
                        "parameters.from_date", "parameters.status", "parameters.min_total", "parameters.nope",
                        "parameters.tenant_id"));

        Api.as(user).contentType(ContentType.JSON).body(Map.of("dataset", "payroll")).post("/api/exports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("dataset"));

        Api.as(user).contentType(ContentType.JSON).body("{\"dataset\": ").post("/api/exports")
                .then().statusCode(400).contentType("application/problem+json");

        assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void aDatasetOutsideTheCallersRolesIsForbidden() {
        String user = Api.newUser("carol");
        RestAssured.given().auth().oauth2(Api.token(user, List.of("exporter"))).contentType(ContentType.JSON)
                .body(Map.of("dataset", "customers")).post("/api/exports")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        assertNothingStoredOrPublishedFor(user);

        String admin = Api.newUser("admin");
        RestAssured.given().auth().oauth2(Api.token(admin, List.of("exporter", "admin"))).contentType(ContentType.JSON)
                .body(Map.of("dataset", "customers", "parameters", Map.of("country", "DE"))).post("/api/exports")
                .then().statusCode(202).body("datasetTitle", equalTo("Customers"));
    }

    @Test
    void withoutATokenNothingHappens() {
        RestAssured.given().contentType(ContentType.JSON).body(Api.ordersRequest(Map.of())).post("/api/exports")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    private void assertNothingStoredOrPublishedFor(String user) {
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isZero();
        assertThat(db.count("select count(*) from outbox_event where payload like ?", "%\"" + user + "\"%")).isZero();
        assertThat(kafka.records(Topics.EXPORT_REQUESTED))
                .noneMatch(record -> new String(record.value()).contains("\"" + user + "\""));
    }
}
