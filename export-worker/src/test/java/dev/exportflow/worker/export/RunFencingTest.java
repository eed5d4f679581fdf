package dev.exportflow.worker.export;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every write of a run is fenced by the token its run got when it took the claim, and an outcome is published only
 * after the fenced commit of the ending: a run that lost its claim (also to a later run of its own replica) neither
 * completes a file nor announces anything; an ending that cannot be committed is not announced; an ending a crash left
 * unpublished is published once by the sweep.
 */
@QuarkusTest
class RunFencingTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Inject
    RunningExports running;

    @Test
    void anOldRunOfTheSameReplicaCannotFinishOnceItsJobWasClaimedAgain() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "2000", "pause_every", "100", "pause_ms", "300"));
        kafka.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.events(ExportProgress.class, request.jobId())
                .stream().anyMatch(progress -> progress.rows() > 0));
        String owner = Claims.column(request.jobId(), "owner");
        UUID oldRun = UUID.fromString(Claims.column(request.jobId(), "run_token"));

        // its lease expired unnoticed (a long pause), the reaper re-queued the job, and this replica took it again
        Claims.reclaimBySameOwner(request.jobId(), "now() + interval '1 hour'");

        await().atMost(Duration.ofSeconds(10)).until(() -> running.all().stream()
                .noneMatch(export -> export.run().token().equals(oldRun)));
        assertThat(Claims.column(request.jobId(), "owner")).as("the same replica").isEqualTo(owner);
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("RUNNING");
        assertThat(Claims.column(request.jobId(), "object_key")).as("no file recorded by the old run").isNull();
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportFailed.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportCancelled.class, request.jobId())).isEmpty();

        // the new run's replica dies too: the reaper hands the job to a run that finishes it, once
        Claims.takeOver(request.jobId(), owner, "now() - interval '1 second'");

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.rows()).isEqualTo(2000);
        assertOneFileAndOneCompletion(request, completed);
    }

    @Test
    void aRunThatLostItsClaimRightBeforeCompletingItsUploadLeavesNoFile() throws Exception {
        // about 6 MB: two parts of the test profile's 5 MiB, so a multipart upload is under way when the run ends
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "6000", "width", "1000"));
        String prefix = "exports/" + request.jobId() + "/";
        // the fenced write of the file's facts, right before CompleteMultipartUpload, finds another run's token
        try (AutoCloseable fenced = Claims.breakUpdates(request.jobId(), "new.object_key is distinct from old.object_key",
                false)) {
            kafka.publish(request);
            await().atMost(Duration.ofSeconds(60)).until(() -> Integer.parseInt(Claims.column(request.jobId(), "attempts")) >= 2);

            assertThat(Claims.column(request.jobId(), "upload_id")).as("the run had a multipart upload").isNotNull();
            assertThat(bucket.keys(prefix)).as("no object became visible").isEmpty();
            assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
        }

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.rows()).isEqualTo(6000);
        assertOneFileAndOneCompletion(request, completed);
    }

    @Test
    void anEndingThatCannotBeCommittedIsNotAnnounced() throws Exception {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "300"));
        try (AutoCloseable broken = Claims.breakUpdates(request.jobId(), "new.state = 'SUCCEEDED'", true)) {
            kafka.publish(request);
            // the run stored its file but could not commit its end; its lease ran out and the job ran again
            await().atMost(Duration.ofSeconds(60)).until(() -> Integer.parseInt(Claims.column(request.jobId(), "attempts")) >= 2);

            assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
            assertThat(Claims.column(request.jobId(), "state")).isEqualTo("RUNNING");
        }

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.rows()).isEqualTo(300);
        assertOneFileAndOneCompletion(request, completed);
        assertThat(Claims.column(request.jobId(), "outcome_published_at")).isNotNull();
    }

    @Test
    void anOutcomeACrashLeftUnpublishedIsPublishedOnceByTheSweep() {
        ExportRequested succeeded = Requests.of("numbers", "acme", Map.of("rows", "42"));
        String key = "exports/" + succeeded.jobId() + "/1/numbers-2026-03-15.csv";
        Claims.insertEndedAndOwed(succeeded, "SUCCEEDED", key, 42, "ab".repeat(32), "now() - interval '1 minute'");
        ExportRequested cancelled = Requests.of("numbers", "acme", Map.of());
        Claims.insertEndedAndOwed(cancelled, "CANCELLED", null, 0, null, "now() - interval '1 minute'");

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, succeeded.jobId(), Duration.ofSeconds(30));
        ExportCancelled cancel = kafka.awaitEvent(ExportCancelled.class, cancelled.jobId(), Duration.ofSeconds(30));

        assertThat(completed.objectKey()).isEqualTo(key);
        assertThat(completed.rows()).isEqualTo(42);
        assertThat(completed.sha256()).isEqualTo("ab".repeat(32));
        assertThat(completed.requester()).isEqualTo(succeeded.requester());
        assertThat(cancel.occurredAt()).isAfter(Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(10)).until(() -> Claims.column(succeeded.jobId(), "outcome_published_at") != null
                && Claims.column(cancelled.jobId(), "outcome_published_at") != null);
        // several sweeps later, still once each, with the id every publication of that outcome carries
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(
                () -> kafka.records(Topics.EXPORT_COMPLETED, succeeded.jobId()).size() == 1
                        && kafka.records(Topics.EXPORT_CANCELLED, cancelled.jobId()).size() == 1);
        List<ConsumerRecord<String, byte[]>> records = kafka.records(Topics.EXPORT_COMPLETED, succeeded.jobId());
        assertThat(TestKafka.header(records.get(0), CloudEventHeaders.ID))
                .isEqualTo(CloudEventHeaders.stableId(completed, "EXPORT_COMPLETED").toString());
    }

    private void assertOneFileAndOneCompletion(ExportRequested request, ExportCompleted completed) {
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(bucket.keys(prefix)).containsExactly(completed.objectKey());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bucket.incompleteUploads(prefix)).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> kafka.events(ExportCompleted.class, request.jobId()).size() == 1);
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("SUCCEEDED");
    }
}
