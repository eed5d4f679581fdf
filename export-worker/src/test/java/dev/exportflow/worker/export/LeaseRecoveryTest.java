package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash recovery through leases: a job whose replica died (its claim stopped being renewed) is re-queued by the reaper,
 * finishes once, and the dead replica's incomplete upload is aborted; a replica that lost its lease stops silently.
 */
@QuarkusTest
class LeaseRecoveryTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Inject
    RunningExports running;

    @Test
    void aJobWhoseReplicaDiedIsTakenOverAndCompletesOnce() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "300"));
        String prefix = "exports/" + request.jobId() + "/";
        String key = prefix + "1/numbers-2026-03-15.csv";
        String deadUpload = bucket.startUpload(key);
        Claims.insert(request, "crashed-replica/4242/dead", 1, deadUpload, "now() - interval '1 second'");

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));

        assertThat(completed.objectKey()).isEqualTo(key);
        assertThat(completed.rows()).isEqualTo(300);
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("2");
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("SUCCEEDED");
        assertThat(bucket.keys(prefix)).containsExactly(key);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bucket.incompleteUploads(prefix)).isEmpty());
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).hasSize(1);
    }

    @Test
    void aReplicaThatDiedBeforeWritingTheFileFactsLeavesThemToTheNextRun() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "700"));
        kafka.publish(request);
        ExportCompleted first = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        byte[] content = bucket.read(first.objectKey());
        bucket.replaceMetadata(first.objectKey(), Map.of("job-id", request.jobId().toString(), "generation", "1",
                "dataset", "numbers"));
        assertThat(bucket.stat(first.objectKey()).userMetadata()).doesNotContainKeys("rows", "sha256");

        Claims.rewindToRunning(request.jobId(), "crashed-replica/4244/dead");

        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.events(ExportCompleted.class, request.jobId()),
                list -> list.size() == 2);
        assertThat(bucket.stat(first.objectKey()).userMetadata()).containsEntry("rows", "700")
                .containsEntry("sha256", first.sha256()).containsEntry("job-id", request.jobId().toString());
        assertThat(bucket.read(first.objectKey())).as("the same bytes, not a new export").isEqualTo(content);
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aJobThatKeepsLosingItsReplicaFailsWithWorkerLost() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "300"));
        Claims.insert(request, "crashed-replica/4243/dead", 5, null, "now() - interval '1 second'");

        ExportFailed failed = kafka.awaitEvent(ExportFailed.class, request.jobId(), Duration.ofSeconds(60));

        assertThat(failed.errorCode()).isEqualTo("WORKER_LOST");
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.attempts()).isEqualTo(5);
        assertThat(failed.message()).doesNotContain("Exception");
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("FAILED");
        assertThat(bucket.keys("exports/" + request.jobId() + "/")).isEmpty();
    }

    @Test
    void aReplicaThatLostItsLeaseStopsWithoutAnnouncingAnythingAndTheNewOwnerFinishes() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "2000", "pause_every", "100", "pause_ms", "300"));
        kafka.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.events(ExportProgress.class, request.jobId())
                .stream().anyMatch(progress -> progress.rows() > 0));

        Claims.takeOver(request.jobId(), "another-replica/1/alive", "now() + interval '1 hour'");

        await().atMost(Duration.ofSeconds(10)).until(() -> running.all().stream()
                .noneMatch(export -> export.key().jobId().equals(request.jobId())));
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportFailed.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportCancelled.class, request.jobId())).isEmpty();
        assertThat(Claims.column(request.jobId(), "owner")).isEqualTo("another-replica/1/alive");
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("RUNNING");

        // the other replica dies too: the reaper hands the job to this one, which finishes it
        Claims.takeOver(request.jobId(), "another-replica/1/alive", "now() - interval '1 second'");

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.rows()).isEqualTo(2000);
        assertThat(bucket.keys("exports/" + request.jobId() + "/")).containsExactly(completed.objectKey());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(bucket.incompleteUploads("exports/" + request.jobId() + "/")).isEmpty());
    }
}
