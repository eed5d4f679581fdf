package dev.exportflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.ApiProcess;
import dev.exportflow.api.support.Db;
import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.Topics;

import io.restassured.RestAssured;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox across process crashes and replicas, with the packaged api as real processes: an event committed
 * right before a {@code kill -9} is published exactly once after the restart, a kill while relaying loses nothing,
 * and two processes relaying at once publish every event once.
 */
class OutboxCrashIT {

    private final List<ApiProcess> started = new ArrayList<>();
    private final DevStack stack = Api.stack();
    private final TestKafka kafka = new TestKafka(stack);

    @AfterEach
    void close() {
        started.forEach(ApiProcess::close);
    }

    @Test
    void anEventCommittedJustBeforeAKillIsPublishedExactlyOnceAfterTheRestart() {
        // The first process never relays, so the kill is sure to come after the commit and before the publication.
        ApiProcess crashing = start("crash-before-relay", Map.of("exportflow.outbox.relay-enabled", "false"));
        String user = Api.newUser("crash");
        UUID id = crashing.createOrdersJob(user);
        assertThat(unsentRows(id)).isEqualTo(1);
        crashing.kill();
        assertThat(requested(id)).isEmpty();

        ApiProcess restarted = start("restarted", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(requested(id)).hasSize(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> unsentRows(id) == 0);
        // Several sweeps later there is still exactly one record.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(requested(id)).hasSize(1));
        RestAssured.given().auth().oauth2(Api.token(user)).get(restarted.baseUrl() + "/api/exports/" + id).then()
                .statusCode(200);
    }

    /**
     * A kill while the relay is publishing may land between the broker's acknowledgement and the commit that marks
     * the row sent. Then the row is published again after the restart, with the same {@code ce_id}: nothing is lost,
     * and a consumer that dedupes by event id (or job generation, as every ExportFlow consumer does) sees one event.
     */
    @Test
    void aKillWhileRelayingLosesNothingAndARepublicationKeepsItsEventId() {
        ApiProcess crashing = start("crash-while-relaying", Map.of());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(crashing.createOrdersJob(Api.newUser("kill")));
        }
        crashing.kill();

        start("after-kill", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ids.forEach(id ->
                assertThat(requested(id)).isNotEmpty()));
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().mapToLong(this::unsentRows).sum() == 0);
        for (UUID id : ids) {
            Set<String> eventIds = requested(id).stream()
                    .map(record -> TestKafka.header(record, CloudEventHeaders.ID)).collect(Collectors.toSet());
            assertThat(eventIds).as("event ids of job %s", id).containsExactly(outboxId(id).toString());
        }
    }

    @Test
    void twoProcessesRelayingAtOncePublishEveryEventOnce() throws Exception {
        ApiProcess first = start("replica-1", Map.of());
        ApiProcess second = start("replica-2", Map.of());
        String batch = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService clients = Executors.newFixedThreadPool(10);
        Set<UUID> ids;
        try {
            List<Callable<UUID>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ApiProcess target = i % 2 == 0 ? first : second;
                String user = batch + "-" + i;
                calls.add(() -> target.createOrdersJob(user));
            }
            List<UUID> created = new ArrayList<>();
            for (Future<UUID> answer : clients.invokeAll(calls)) {
                created.add(answer.get());
            }
            ids = Set.copyOf(created);
        } finally {
            clients.shutdownNow();
        }
        assertThat(ids).hasSize(100);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ours(ids)).hasSize(100));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> ours = ours(ids);
            assertThat(ours).hasSize(100);
            assertThat(ours.stream().map(record -> TestKafka.header(record, CloudEventHeaders.ID)).collect(Collectors.toSet()))
                    .hasSize(100);
        });
    }

    private List<ConsumerRecord<String, byte[]>> ours(Set<UUID> ids) {
        return kafka.records(Topics.EXPORT_REQUESTED, record -> ids.contains(UUID.fromString(record.key())));
    }

    private List<ConsumerRecord<String, byte[]>> requested(UUID id) {
        return kafka.records(Topics.EXPORT_REQUESTED, id);
    }

    private ApiProcess start(String name, Map<String, String> extra) {
        ApiProcess api = ApiProcess.start(stack, name, extra);
        started.add(api);
        return api;
    }

    private UUID outboxId(UUID jobId) {
        return (UUID) Db.jobs(stack).one("select id from outbox_event where aggregate_id = ?", jobId).get("id");
    }

    private long unsentRows(UUID jobId) {
        return Db.jobs(stack).count("select count(*) from outbox_event where aggregate_id = ? and sent_at is null", jobId);
    }
}
