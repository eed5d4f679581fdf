package dev.exportflow.api.ops;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.events.messaging.ConsumersJoined;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI, CORS and the problem format of the framework's own errors. */
@QuarkusTest
class OperationsTest {

    private static final Pattern OLDEST_QUEUED = Pattern.compile("^exportflow_jobs_queued_oldest_age_seconds (\\S+)$",
            Pattern.MULTILINE);

    @Inject
    DataSource dataSource;

    /**
     * Readiness is the job store and, once at start, the consumers' first join of their group (until then the read
     * model would miss what happens): Kafka outages are buffered by the outbox, S3 outages stop downloads alone.
     * Neither shows in a probe, whose failure would take (readiness) or restart (liveness) every api pod at once.
     */
    @Test
    void readinessIsTheJobStoreAndTheJoinedConsumersAndDependenciesAreAGroupOfTheirOwn() {
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder("Database connections health check", ConsumersJoined.CHECK))
                .body("checks.find { it.name == '%s' }.data".formatted(ConsumersJoined.CHECK), equalTo(Map.of(
                        "export-progress", "joined", "export-completed", "joined", "export-failed", "joined",
                        "export-cancelled", "joined", "export-notified", "joined")));
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", not(hasItem(containsString("Messaging"))));
        RestAssured.get("/q/health/group/dependencies").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", contains("object storage"))
                .body("checks[0].data.bucket", equalTo("exports"));
    }

    @Test
    void metricsCountJobsByStatusTheOutboxAndRequests() {
        Api.createOrdersJob(Api.newUser("metrics"), Map.of());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("exportflow_jobs{status=\"QUEUED\"}"))
                .body(containsString("exportflow_outbox_pending"))
                .body(containsString("exportflow_outbox_oldest_age_seconds"))
                .body(containsString("exportflow_exports_requested_total{dataset=\"orders\"}"))
                .body(containsString("http_server_requests_seconds_count{method=\"POST\"")));
    }

    @Test
    void aJobThatNoWorkerStartsShowsInTheAgeOfTheOldestQueuedJob() {
        UUID waiting = Api.createOrdersJob(Api.newUser("waiting"), Map.of());
        new Db(dataSource).update("update export_job set created_at = now() - interval '2 hours',"
                + " requested_at = now() - interval '2 hours' where id = ?", waiting);

        await().atMost(Duration.ofSeconds(15)).until(() -> oldestQueuedAgeSeconds() >= 7200);
        new Db(dataSource).update("update export_job set status = 'CANCELLED' where id = ?", waiting);
    }

    /** The active statuses come from the frequent refresh, the ended ones from the history's (both every second here). */
    @Test
    void metricsCountTheActiveAndTheEndedJobs() {
        Api.createOrdersJob(Api.newUser("metrics-active"), Map.of());
        UUID ended = Api.createOrdersJob(Api.newUser("metrics-ended"), Map.of());
        Db db = new Db(dataSource);
        db.update("update export_job set status = 'CANCELLED' where id = ?", ended);

        // Read together on each try: the watchdog may end another job meanwhile.
        await().atMost(Duration.ofSeconds(15)).until(() -> jobs("QUEUED") >= 1
                && jobs("CANCELLED") == db.count("select count(*) from export_job where status = 'CANCELLED'"));
    }

    private static double jobs(String status) {
        Matcher gauge = Pattern.compile("^exportflow_jobs\\{status=\"" + status + "\"} (\\S+)$", Pattern.MULTILINE)
                .matcher(RestAssured.get("/q/metrics").asString());
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
    }

    private static double oldestQueuedAgeSeconds() {
        Matcher gauge = OLDEST_QUEUED.matcher(RestAssured.get("/q/metrics").asString());
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
    }

    @Test
    void openApiDescribesTheEndpoints() {
        RestAssured.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/exports", "/api/exports/{id}", "/api/exports/{id}/cancel",
                        "/api/exports/{id}/download", "/api/exports/{id}/events", "/api/exports/{id}/resend",
                        "/api/datasets", "/d/{token}"));
    }

    @Test
    void corsAllowsTheConfiguredOriginOnlyAndNeverWithCredentials() {
        RestAssured.given().header("Origin", "https://app.example.test")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/exports").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example.test")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")));

        RestAssured.given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/exports").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theWebUiIsServedFromTheSameOrigin() {
        RestAssured.get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>ExportFlow</title>")).body(containsString("app.js"));
        RestAssured.get("/app.js").then().statusCode(200).body(containsString("./exports.js"));
        RestAssured.get("/exports.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("/api/exports"));
        RestAssured.get("/favicon.ico").then().statusCode(200).contentType(containsString("icon"));
    }

    @Test
    void unknownAddressesAndMethodsAnswerProblems() {
        Api.as(Api.newUser("lost")).get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        Api.as(Api.newUser("lost")).delete("/api/exports").then().statusCode(405).contentType("application/problem+json");
    }
}
