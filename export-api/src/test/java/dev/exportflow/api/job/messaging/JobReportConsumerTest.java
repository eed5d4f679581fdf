package dev.exportflow.api.job.messaging;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.Topics;

import io.quarkus.test.junit.QuarkusTest;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Worker and notifier reports move a job through its states; duplicates, stale and backward reports change nothing. */
@QuarkusTest
class JobReportConsumerTest {

    /** The api's consumer group: its application name. */
    private static final String CONSUMER_GROUP = "export-api";

    @AutoClose
    private final TestKafka worker = new TestKafka(Api.stack());

    @Test
    void progressThenCompletionShowsRunningThenSucceededWithTheFile() {
        String user = Api.newUser("dora");
        UUID id = Api.createOrdersJob(user, Map.of());

        worker.publish(Events.progress(id, 1, 250, 30_000, 1000L));
        Api.awaitStatus(user, id, "RUNNING")
                .body("progress.rows", equalTo(250))
                .body("progress.bytes", equalTo(30_000))
                .body("progress.estimatedTotalRows", equalTo(1000))
                .body("progress.percent", equalTo(25.0f))
                .body("startedAt", notNullValue())
                .body("finishedAt", nullValue());

        worker.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 1000, 120_000));
        Api.awaitStatus(user, id, "SUCCEEDED")
                .body("progress.rows", equalTo(1000))
                .body("progress.percent", equalTo(100.0f))
                .body("finishedAt", notNullValue())
                .body("file.name", equalTo("orders-2026-01-31.csv"))
                .body("file.size", equalTo(120_000))
                .body("file.rows", equalTo(1000))
                .body("file.sha256", equalTo("ab12"))
                .body("file.expiresAt", notNullValue())
                .body("notification", nullValue());

        worker.publish(Events.notified(id, 1, user));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as(user).get("/api/exports/{id}", id).then()
                .body("notification.channel", equalTo("email"))
                .body("notification.outcome", equalTo("SENT")));
    }

    @Test
    void lateDuplicateAndOtherGenerationEventsChangeNothing() {
        String user = Api.newUser("eve");
        UUID id = Api.createOrdersJob(user, Map.of());
        worker.publish(Events.progress(id, 1, 500, 5000, null));
        Api.awaitStatus(user, id, "RUNNING").body("progress.rows", equalTo(500));

        // An older progress report arrives after a newer one, then one of another generation.
        worker.publish(Events.progress(id, 1, 200, 2000, null));
        worker.publish(Events.progress(id, 2, 99_999, 99_999, null));
        worker.publish(Events.progress(id, 1, 500, 6000, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as(user).get("/api/exports/{id}", id).then()
                .body("progress.bytes", equalTo(6000)));
        Api.as(user).get("/api/exports/{id}", id).then().body("progress.rows", equalTo(500));

        worker.publish(Events.failed(id, 1, user));
        Api.awaitStatus(user, id, "FAILED")
                .body("error.code", equalTo("QUERY_FAILED"))
                .body("error.message", equalTo("The source database did not answer."))
                .body("error.retryable", equalTo(true));

        // After the end: a duplicate failure, a completion, a cancellation and progress all arrive late.
        RecordMetadata completed = worker.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 10, 10));
        RecordMetadata cancelled = worker.publish(Events.cancelled(id, 1));
        RecordMetadata progress = worker.publish(Events.progress(id, 1, 9999, 9999, null));
        RecordMetadata duplicate = worker.publish(Events.failed(id, 1, user));
        awaitConsumed(completed);
        awaitConsumed(cancelled);
        awaitConsumed(progress);
        awaitConsumed(duplicate);
        Api.as(user).get("/api/exports/{id}", id).then()
                .body("status", equalTo("FAILED"))
                .body("file", nullValue())
                .body("progress.rows", equalTo(500));
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheNextOneStillApplies() {
        String user = Api.newUser("finn");
        UUID id = Api.createOrdersJob(user, Map.of());
        awaitConsumed(worker.publishRaw(Topics.EXPORT_COMPLETED, id.toString(), "{not json".getBytes(StandardCharsets.UTF_8)));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED"));

        worker.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 3, 300));
        Api.awaitStatus(user, id, "SUCCEEDED");
    }

    @Test
    void aCancellationConfirmedByTheWorkerEndsTheJob() {
        String user = Api.newUser("gus");
        UUID id = Api.createOrdersJob(user, Map.of());
        Api.as(user).post("/api/exports/{id}/cancel", id).then().statusCode(202).body("status", equalTo("CANCELLING"));

        worker.publish(Events.cancelled(id, 1));
        Api.awaitStatus(user, id, "CANCELLED").body("finishedAt", notNullValue());
    }

    private void awaitConsumed(RecordMetadata published) {
        worker.awaitConsumed(CONSUMER_GROUP, published, Duration.ofSeconds(30));
    }
}
