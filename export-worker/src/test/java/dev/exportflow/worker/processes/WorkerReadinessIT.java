package dev.exportflow.worker.processes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.events.messaging.ConsumersJoined;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.PackagedWorkers;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Ready" means ready: the packaged worker answers {@code /q/health/ready} with 503 while its consumers wait to join
 * their group, held up here by a member that joined first and stopped polling (a rebalance waits for every member to
 * join again). Once that member leaves, as a cleanly stopped replica does, the worker's consumers get their partitions
 * at once and it becomes ready; a request published right then is read and queued within seconds.
 */
class WorkerReadinessIT {

    /** A generous bound: on a quiet machine the request is queued in well under a second. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final TestKafka kafka = WorkerTestStack.kafka();
    private ServiceProcess worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void isNotReadyUntilItsConsumersHaveJoinedAndThenTakesARequestAtOnce() {
        try (KafkaConsumer<String, byte[]> idle = member()) {
            idle.subscribe(List.of(Topics.EXPORT_REQUESTED));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                idle.poll(Duration.ofMillis(100));
                return !idle.assignment().isEmpty();
            });

            worker = PackagedWorkers.launch("export-worker-readiness", Map.of());

            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> readiness().statusCode() == 503);
            Response waiting = readiness();
            assertThat(waiting.<String>path("checks.find { it.name == '%s' }.status", ConsumersJoined.CHECK))
                    .isEqualTo("DOWN");
            assertThat(waiting.<String>path("checks.find { it.name == '%s' }.data.'export-requested'",
                    ConsumersJoined.CHECK)).isEqualTo("joining its group");
            assertThat(waiting.<String>path("checks.find { it.name == 'Database connections health check' }.status"))
                    .isEqualTo("UP");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> readiness().statusCode() == 503);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> readiness().statusCode() == 200);
        assertThat(readiness().<String>path("checks.find { it.name == '%s' }.data.'export-cancel-requested'",
                ConsumersJoined.CHECK)).isEqualTo("joined");
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "10"));
        kafka.publish(request);

        await().atMost(PROMPTLY).until(() -> Claims.column(request.jobId(), "state") != null);
        assertThat(kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60)).rows()).isEqualTo(10);
    }

    private Response readiness() {
        return RestAssured.get(worker.baseUrl() + "/q/health/ready");
    }

    /** A member of the worker's group that this test polls by hand. */
    private static KafkaConsumer<String, byte[]> member() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, WorkerTestStack.stack().endpoints().kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "export-worker");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
