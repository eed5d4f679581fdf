package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.messaging.ConsumersJoined;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * Readiness is the worker database (what the worker needs to hold its jobs) and its consumers having joined their group
 * once (so that a request published now is read now); the object store and the source database are reported in the
 * health group {@code dependencies}, for people, never for probes; the Kafka connector's own checks are in neither.
 * Metrics show exports, their speed and failures by code.
 */
@QuarkusTest
class HealthAndMetricsTest {

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void readinessIsTheWorkerDatabaseAndTheJoinedConsumersAndTheDependenciesAreAGroupOfTheirOwn() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == '%s' }.data".formatted(ConsumersJoined.CHECK),
                        equalTo(Map.of("export-requested", "joined", "export-cancel-requested", "joined")))
                .body("checks.name", not(hasItem("Object storage")))
                .body("checks.name", not(hasItem("Source database")))
                .body("checks.name", not(hasItem("Kafka connection health check")))
                .body("checks.find { it.name == 'Database connections health check' }.data.keySet()",
                        contains("<default>"));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", not(hasItem("Kafka connection health check")));
        given().get("/q/health/group/dependencies").then().statusCode(200)
                .body("checks.name", hasItems("Object storage", "Source database"));
    }

    @Test
    void metricsCountExportsRowsBytesAndFailuresByCode() {
        ExportRequested done = Requests.of("numbers", "acme", Map.of("rows", "1234"));
        ExportRequested failing = Requests.of("broken", "acme", Map.of());
        kafka.publish(done);
        kafka.publish(failing);
        kafka.awaitEvent(ExportCompleted.class, done.jobId(), Duration.ofSeconds(30));
        kafka.awaitEvent(ExportFailed.class, failing.jobId(), Duration.ofSeconds(30));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("exportflow_exports_in_progress"))
                .body(containsString("exportflow_export_duration_seconds_count{outcome=\"succeeded\"}"))
                .body(containsString("exportflow_export_duration_seconds_count{outcome=\"failed\"}"))
                .body(containsString("exportflow_export_rows_total"))
                .body(containsString("exportflow_export_bytes_total"))
                .body(containsString("exportflow_export_throughput_rows_s_count"))
                .body(containsString("exportflow_export_failures_total{code=\"QUERY_FAILED\"}"));
    }
}
