package dev.exportflow.api.job.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.Metrics;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.EventRecord;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;
import dev.exportflow.events.serde.EventJson;

import io.quarkus.test.junit.QuarkusTest;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Reports are untrusted: whoever can write to a topic must not make the api hand out another object, end another
 * user's job, or store what breaks it. Each hostile record below is consumed, counted in
 * {@code exportflow_events_refused_total{channel,reason}}, and leaves its job as it was; a valid report after them
 * still applies (nothing blocks the partition).
 */
@QuarkusTest
class UntrustedReportsTest {

    private static final String REFUSED = "exportflow_events_refused_total";

    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void aCompletionNamingAnotherBucketOrAnotherJobsObjectIsRefused() {
        String user = Api.newUser("mallory");
        UUID id = Api.createOrdersJob(user, Map.of());
        UUID other = Api.createOrdersJob(Api.newUser("victim"), Map.of());
        String key = Events.objectKey(id, 1);

        refused("export-completed", "foreign-object", withBucket(Events.completed(id, 1, user, key, 1, 1), "secrets"));
        refused("export-completed", "foreign-object", Events.completed(id, 1, user, Events.objectKey(other, 1), 1, 1));
        refused("export-completed", "foreign-object", Events.completed(id, 1, user,
                "exports/" + id + "/1/../../" + other + "/1/orders-2026-01-31.csv", 1, 1));
        refused("export-completed", "foreign-object", Events.completed(id, 1, user, "exports/" + id + "/2/x.csv", 1, 1));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED")).body("file", nullValue());
        Api.as(user).get("/api/exports/{id}/download", id).then().statusCode(409);

        kafka.publish(Events.completed(id, 1, user, key, 3, 300));
        Api.awaitStatus(user, id, "SUCCEEDED").body("file.name", equalTo("orders-2026-01-31.csv"));
    }

    @Test
    void aReportForAnotherRequesterOrTenantIsRefused() {
        String user = Api.newUser("owner");
        UUID id = Api.createOrdersJob(user, Map.of());
        String key = Events.objectKey(id, 1);

        refused("export-completed", "requester-mismatch", Events.completed(id, 1, "intruder", key, 1, 1));
        refused("export-completed", "requester-mismatch", withTenant(Events.completed(id, 1, user, key, 1, 1), "globex"));
        refused("export-failed", "requester-mismatch", Events.failed(id, 1, "intruder"));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED")).body("error", nullValue());

        kafka.publish(Events.failed(id, 1, user));
        Api.awaitStatus(user, id, "FAILED");
    }

    @Test
    void valuesOutOfRangeAndRecordsOutOfPlaceAreRefused() {
        String user = Api.newUser("ranges");
        UUID id = Api.createOrdersJob(user, Map.of());

        refused("export-progress", "invalid", new ExportProgress(id, 1, Instant.now(), -5, 10, null));
        refused("export-progress", "invalid", new ExportProgress(id, 1, Instant.parse("+100000-01-01T00:00:00Z"), 5, 10, null));
        refused("export-progress", "invalid", new ExportProgress(id, 0, Instant.now(), 5, 10, null));
        ExportFailed failed = Events.failed(id, 1, user);
        refused("export-failed", "invalid", new ExportFailed(id, 1, failed.occurredAt(), failed.requester(), "orders",
                "Orders", "QUERY_FAILED", "a NUL \u0000 the job store cannot hold", 1, true));
        refused("export-progress", "unknown-job", Events.progress(UUID.randomUUID(), 1, 1, 1, null));
        // An ExportCompleted on the progress topic, and one keyed by another job.
        ExportCompleted completed = Events.completed(id, 1, user, Events.objectKey(id, 1), 1, 1);
        EventRecord record = EventRecord.of(completed, UUID.randomUUID(), TestKafka.SOURCE, null);
        refusedRecord("export-progress", "wrong-topic", new ProducerRecord<>(Topics.EXPORT_PROGRESS, null,
                id.toString(), EventJson.write(completed), record.headers()));
        refusedRecord("export-completed", "wrong-key", new ProducerRecord<>(Topics.EXPORT_COMPLETED, null,
                UUID.randomUUID().toString(), EventJson.write(completed), record.headers()));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED")).body("startedAt", nullValue())
                .body("error", nullValue());

        kafka.publish(Events.progress(id, 1, 7, 70, null));
        Api.awaitStatus(user, id, "RUNNING").body("progress.rows", equalTo(7));
    }

    private void refused(String channel, String reason, ExportEvent event) {
        double before = Metrics.sum(REFUSED, "channel=\"" + channel + "\"", "reason=\"" + reason + "\"");
        awaitConsumed(kafka.publish(event));
        awaitCounted(channel, reason, before);
    }

    private void refusedRecord(String channel, String reason, ProducerRecord<String, byte[]> record) {
        double before = Metrics.sum(REFUSED, "channel=\"" + channel + "\"", "reason=\"" + reason + "\"");
        awaitConsumed(kafka.send(record));
        awaitCounted(channel, reason, before);
    }

    private static void awaitCounted(String channel, String reason, double before) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Metrics.sum(REFUSED, "channel=\"" + channel + "\"", "reason=\"" + reason + "\"")).isEqualTo(before + 1));
    }

    private void awaitConsumed(RecordMetadata published) {
        kafka.awaitConsumed("export-api", published, Duration.ofSeconds(30));
    }

    private static ExportCompleted withBucket(ExportCompleted event, String bucket) {
        return new ExportCompleted(event.jobId(), event.generation(), event.occurredAt(), event.requester(), event.dataset(),
                event.datasetTitle(), bucket, event.objectKey(), event.fileName(), event.contentType(), event.rows(),
                event.bytes(), event.sha256(), null);
    }

    private static ExportCompleted withTenant(ExportCompleted event, String tenant) {
        Requester requester = event.requester();
        return new ExportCompleted(event.jobId(), event.generation(), event.occurredAt(), new Requester(requester.userId(),
                requester.email(), requester.locale(), tenant, requester.timeZone()), event.dataset(), event.datasetTitle(),
                event.bucket(), event.objectKey(), event.fileName(), event.contentType(), event.rows(), event.bytes(),
                event.sha256(), null);
    }
}
