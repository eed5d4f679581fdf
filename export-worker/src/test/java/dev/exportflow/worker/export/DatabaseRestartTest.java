package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.postgres.PostgresServer;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL restarts while the worker idles, and the connections its pools hold die with the server. The exports
 * after it must not be handed one of those (each would fail its attempt at once, and a job could spend all of its
 * attempts within seconds while the database is already back): every one succeeds at its first attempt.
 */
@QuarkusTest
class DatabaseRestartTest {

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void exportsAfterARestartAreNotHandedConnectionsThatDiedWithTheServer() {
        // four exports at once, about a second each: the pools keep a connection for each of them
        runToCompletion(overlappingExports());

        PostgresServer postgres = WorkerTestStack.stack().postgres();
        postgres.stop();
        postgres.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);

        List<ExportRequested> afterwards = overlappingExports();
        runToCompletion(afterwards);
        assertThat(afterwards).allSatisfy(request -> assertThat(Claims.column(request.jobId(), "attempts"))
                .as("attempts of %s", request.jobId()).isEqualTo("1"));
    }

    private static List<ExportRequested> overlappingExports() {
        return IntStream.range(0, 4).mapToObj(i -> Requests.of("numbers", "acme",
                Map.of("rows", "500", "pause_every", "100", "pause_ms", "200"))).toList();
    }

    private void runToCompletion(List<ExportRequested> requests) {
        requests.forEach(kafka::publish);
        requests.forEach(request -> assertThat(kafka.awaitEvent(ExportCompleted.class, request.jobId(),
                Duration.ofSeconds(60)).rows()).isEqualTo(500));
    }
}
