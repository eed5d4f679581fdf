package dev.exportflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.Topics;
import dev.exportflow.events.TraceParent;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.Test;

/**
 * The outbox under load: 200 concurrent requests while three relays (the application's own and two more, as
 * three api replicas would run) publish side by side. Every accepted job is stored once and published once.
 */
@QuarkusTest
class OutboxRelayTest {

    private static final int REQUESTS = 200;

    @Inject
    DataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    ManagedExecutor executor;

    @Inject
    Scheduler scheduler;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    OutboxQuarantine quarantine;

    @Inject
    OutboxRows rows;

    @Inject
    OutboxRelay applicationRelay;

    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void twoHundredConcurrentRequestsWithThreeRelaysGiveTwoHundredJobsAndTwoHundredEvents() throws Exception {
        Db db = new Db(dataSource);
        String batch = "load-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            tokens.add(Api.token(batch + "-" + i));
        }
        OutboxRelay second = new OutboxRelay(config, kafkaConfig, quarantine, rows, "export-api", executor, scheduler);
        OutboxRelay third = new OutboxRelay(config, kafkaConfig, quarantine, rows, "export-api", executor, scheduler);
        second.start();
        third.start();
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<Response> answers = new ArrayList<>();
        try {
            List<Callable<Response>> calls = tokens.stream().<Callable<Response>>map(token -> () -> {
                Response response = RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Api.ordersRequest(Map.of())).post("/api/exports");
                second.wakeUp();
                third.wakeUp();
                return response;
            }).toList();
            for (Future<Response> answer : clients.invokeAll(calls)) {
                answers.add(answer.get());
            }
            assertThat(answers).extracting(Response::statusCode).containsOnly(202);
            Set<UUID> ids = answers.stream().map(answer -> UUID.fromString(answer.jsonPath().getString("id")))
                    .collect(Collectors.toSet());
            assertThat(ids).hasSize(REQUESTS);
            assertThat(db.count("select count(*) from export_job where owner_id like ?", batch + "-%")).isEqualTo(REQUESTS);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ours(ids)).hasSize(REQUESTS));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.count(
                    "select count(*) from outbox_event e join export_job j on j.id = e.aggregate_id"
                            + " where j.owner_id like ? and e.sent_at is null", batch + "-%")).isZero());
            // Nothing is published a second time afterwards: each relay has swept at least twice more.
            await().pollDelay(Duration.ofMillis(3 * config.sweepInterval().toMillis())).atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> {
                        List<ConsumerRecord<String, byte[]>> ours = ours(ids);
                        assertThat(ours).hasSize(REQUESTS);
                        Map<String, Long> perJob = ours.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                                Collectors.counting()));
                        assertThat(perJob.values()).containsOnly(1L);
                        Set<String> eventIds = new HashSet<>(ours.stream()
                                .map(record -> TestKafka.header(record, CloudEventHeaders.ID)).toList());
                        assertThat(eventIds).hasSize(REQUESTS);
                    });
        } finally {
            clients.shutdownNow();
            second.stop();
            third.stop();
        }
    }

    @Test
    void theEventCarriesTheTraceOfTheRequestThatCausedIt() {
        String user = Api.newUser("traced");
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        UUID id = UUID.fromString(RestAssured.given().auth().oauth2(Api.token(user)).contentType(ContentType.JSON)
                .header(TraceParent.HEADER, "00-" + traceId + "-b7ad6b7169203331-00")
                .body(Api.ordersRequest(Map.of())).post("/api/exports")
                .then().statusCode(202).extract().jsonPath().getString("id"));

        ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(20))
                .until(() -> kafka.records(Topics.EXPORT_REQUESTED, id), records -> records.size() == 1).get(0);
        String traceParent = TestKafka.header(record, TraceParent.HEADER);
        assertThat(TraceParent.traceId(traceParent)).isEqualTo(traceId);
        assertThat(traceParent).as("a span of the api, child of the caller's").doesNotContain("b7ad6b7169203331");
    }

    @Test
    void aJobsEventsArePublishedInTheOrderTheyWereWritten() {
        String user = Api.newUser("order");
        UUID id = Api.createOrdersJob(user, Map.of());
        Api.as(user).post("/api/exports/{id}/cancel", id).then().statusCode(202);
        Db db = new Db(dataSource);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                db.count("select count(*) from outbox_event where aggregate_id = ? and sent_at is not null", id)).isEqualTo(2));
        List<Map<String, Object>> rows = db.rows("select event_type, sent_at from outbox_event where aggregate_id = ?"
                + " order by seq", id);
        Function<Map<String, Object>, java.sql.Timestamp> sentAt = row -> (java.sql.Timestamp) row.get("sent_at");
        assertThat(rows.get(0).get("event_type")).isEqualTo("dev.exportflow.export.requested.v1");
        assertThat(rows.get(1).get("event_type")).isEqualTo("dev.exportflow.export.cancel-requested.v1");
        assertThat(sentAt.apply(rows.get(0)).toInstant()).isBeforeOrEqualTo(sentAt.apply(rows.get(1)).toInstant());
    }

    /**
     * The first job after a quiet spell goes out at once; the two posted while the relay lingers after it go out
     * together (one batch, one {@code sent_at}), though each woke the relay; without the linger they go in two batches.
     * The application's relay stands aside meanwhile, so that the relay under test alone publishes. The three exports
     * differ: the same one posted twice is one job.
     */
    @Test
    void rowsCommittedWhileTheRelayLingersGoOutInOneBatch() throws InterruptedException {
        Duration linger = Duration.ofSeconds(3);
        OutboxRelay lingering = new OutboxRelay(lingeringFor(linger), kafkaConfig, quarantine, rows, "export-api",
                executor, scheduler);
        Db db = new Db(dataSource);
        String user = Api.newUser("linger");
        applicationRelay.stop();
        try {
            lingering.start();
            UUID first = Api.createOrdersJob(user, Map.of("status", "NEW"));
            lingering.wakeUp();
            await().atMost(linger.dividedBy(2)).untilAsserted(() -> assertThat(sentAt(db, first)).isNotNull());

            UUID second = Api.createOrdersJob(user, Map.of("status", "PAID"));
            lingering.wakeUp();
            // The third commits well apart from the second: a relay that did not linger would take each on its own.
            Thread.sleep(200);
            UUID third = Api.createOrdersJob(user, Map.of("status", "SHIPPED"));
            lingering.wakeUp();
            await().atMost(linger.multipliedBy(3)).untilAsserted(() -> {
                assertThat(sentAt(db, second)).isNotNull();
                assertThat(sentAt(db, third)).isNotNull();
            });
            assertThat(sentAt(db, second)).as("one batch, marked sent by one statement").isEqualTo(sentAt(db, third));
            assertThat(kafka.records(Topics.EXPORT_REQUESTED, record -> Set.of(first, second, third)
                    .contains(UUID.fromString(record.key())))).hasSize(3);
        } finally {
            lingering.stop();
            applicationRelay.start();
        }
    }

    private static Object sentAt(Db db, UUID job) {
        return db.one("select sent_at from outbox_event where aggregate_id = ?", job).get("sent_at");
    }

    private OutboxConfig lingeringFor(Duration linger) {
        return new OutboxConfig() {
            @Override
            public boolean relayEnabled() {
                return true;
            }

            @Override
            public Duration sweepInterval() {
                return config.sweepInterval();
            }

            @Override
            public int batchSize() {
                return config.batchSize();
            }

            @Override
            public Duration batchLinger() {
                return linger;
            }

            @Override
            public Duration keepSent() {
                return config.keepSent();
            }

            @Override
            public Duration sendTimeout() {
                return config.sendTimeout();
            }
        };
    }

    private List<ConsumerRecord<String, byte[]>> ours(Set<UUID> ids) {
        return kafka.records(Topics.EXPORT_REQUESTED, record -> ids.contains(UUID.fromString(record.key())));
    }
}
