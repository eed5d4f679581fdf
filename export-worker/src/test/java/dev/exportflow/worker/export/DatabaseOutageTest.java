package dev.exportflow.worker.export;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.postgres.PostgresServer;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Degrade, don't die: PostgreSQL (the worker database, and the source with it) stops for longer than the consumers
 * used to retry (about 15 s) while an export runs and requests and cancels arrive. The consumers wait and the worker
 * is not ready meanwhile, but alive; afterwards every request is queued and run, every cancel confirmed, nothing was
 * dead-lettered, and the same channels take new requests (nothing restarted).
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void requestsAndCancelsThatArriveDuringAnOutageAreAllHandledOnceTheDatabaseIsBack() {
        // about 100 s unless cancelled
        ExportRequested longExport = Requests.of("numbers", "acme",
                Map.of("rows", "100000", "pause_every", "100", "pause_ms", "100"));
        kafka.publish(longExport);
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.events(ExportProgress.class, longExport.jobId())
                .stream().anyMatch(progress -> progress.rows() > 0));
        List<ExportRequested> requests = IntStream.range(0, 5)
                .mapToObj(i -> Requests.of("numbers", "acme", Map.of("rows", Integer.toString(100 + i)))).toList();
        // long too: its request and its cancel come back on two consumers in either order, and a short export could
        // end before its cancel is read; this one is still running (or not yet queued) when the cancel is read
        ExportRequested cancelledWhileDown = Requests.of("numbers", "acme",
                Map.of("rows", "100000", "pause_every", "100", "pause_ms", "100"));
        List<ExportRequested> all = new ArrayList<>(requests);
        all.add(cancelledWhileDown);
        all.add(longExport);

        PostgresServer postgres = WorkerTestStack.stack().postgres();
        postgres.stop();
        try {
            requests.forEach(kafka::publish);
            kafka.publish(cancelledWhileDown);
            kafka.publish(new ExportCancelRequested(cancelledWhileDown.jobId(), 1, Instant.now()));
            kafka.publish(new ExportCancelRequested(longExport.jobId(), 1, Instant.now()));

            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 503);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                    .body(containsString("exportflow_consumer_retries_total{channel=\"export-requested\"}"))
                    .body(containsString("exportflow_consumer_retries_total{channel=\"export-cancel-requested\"}")));
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> given().get("/q/health/live").statusCode() == 200 && deadLettered(all) == 0);
        } finally {
            postgres.start();
        }

        for (ExportRequested request : requests) {
            ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(120));
            assertThat(completed.rows()).isEqualTo(Long.parseLong(request.parameters().get("rows")));
        }
        kafka.awaitEvent(ExportCancelled.class, cancelledWhileDown.jobId(), Duration.ofSeconds(120));
        kafka.awaitEvent(ExportCancelled.class, longExport.jobId(), Duration.ofSeconds(120));
        assertThat(kafka.events(ExportCompleted.class, cancelledWhileDown.jobId())).isEmpty();
        assertThat(kafka.events(ExportCompleted.class, longExport.jobId())).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().map(request -> Claims.column(request.jobId(), "state"))
                .allMatch(state -> "SUCCEEDED".equals(state) || "CANCELLED".equals(state)));
        assertThat(deadLettered(all)).isZero();
        given().get("/q/health/ready").then().statusCode(200);

        ExportRequested afterwards = Requests.of("numbers", "acme", Map.of("rows", "10"));
        kafka.publish(afterwards);
        kafka.awaitEvent(ExportCompleted.class, afterwards.jobId(), Duration.ofSeconds(60));
    }

    private long deadLettered(List<ExportRequested> requests) {
        Set<String> keys = requests.stream().map(request -> request.jobId().toString()).collect(Collectors.toSet());
        return kafka.records(Topics.EXPORT_REQUESTED_DLQ).stream().filter(record -> keys.contains(record.key())).count();
    }
}
