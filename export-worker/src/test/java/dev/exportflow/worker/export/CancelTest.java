package dev.exportflow.worker.export;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cancel stops a running export within two seconds and leaves nothing behind; a cancelled job never runs; a cancel
 * request that reached a job no run holds any more (its replica died, or it went back to the queue) is confirmed by
 * the reaper.
 */
@QuarkusTest
class CancelTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Test
    void aRunningExportStopsWithinTwoSecondsAndItsUploadIsAborted() {
        // about 4 MB/s for 200 MB: it runs for a minute unless cancelled
        ExportRequested request = Requests.of("numbers", "acme",
                Map.of("rows", "100000", "width", "2000", "pause_every", "100", "pause_ms", "50"));
        kafka.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.events(ExportProgress.class, request.jobId())
                .stream().anyMatch(progress -> progress.bytes() > 6 * 1024 * 1024));
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(bucket.incompleteUploads(prefix)).as("a part was uploaded").hasSize(1);

        kafka.publish(new ExportCancelRequested(request.jobId(), 1, Instant.now()));

        ExportCancelled cancelled = kafka.awaitEvent(ExportCancelled.class, request.jobId(), Duration.ofSeconds(10));
        Instant cancelRequestedAt = kafka.records(Topics.EXPORT_CANCEL_REQUESTED, request.jobId()).stream()
                .map(record -> Instant.ofEpochMilli(record.timestamp()))
                .findFirst().orElseThrow();
        assertThat(Duration.between(cancelRequestedAt, cancelled.occurredAt())).isLessThan(Duration.ofSeconds(2));
        assertThat(bucket.keys(prefix)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bucket.incompleteUploads(prefix)).isEmpty());
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("CANCELLED");
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
    }

    @Test
    void aJobCancelledBeforeItsRequestArrivesNeverRuns() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "10"));
        kafka.publish(new ExportCancelRequested(request.jobId(), 1, Instant.now()));
        kafka.awaitEvent(ExportCancelled.class, request.jobId(), Duration.ofSeconds(30));

        kafka.publish(request);

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.events(ExportCancelled.class, request.jobId()).size() == 2);
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("CANCELLED");
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("0");
        assertThat(Claims.column(request.jobId(), "started_at")).isNull();
        assertThat(kafka.events(ExportProgress.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
        assertThat(bucket.keys("exports/" + request.jobId() + "/")).isEmpty();
    }

    @Test
    void aCancelledJobWhoseReplicaDiedIsConfirmedCancelled() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "300"));
        String prefix = "exports/" + request.jobId() + "/";
        String deadUpload = bucket.startUpload(prefix + "1/numbers-2026-03-15.csv");
        Claims.insert(request, "crashed-replica/4245/dead", 1, deadUpload, "now() + interval '1 hour'");
        // the cancel reached the claim while that replica still held it; then the replica died
        kafka.publish(new ExportCancelRequested(request.jobId(), 1, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "true".equals(Claims.column(request.jobId(), "cancel_requested")));
        Claims.takeOver(request.jobId(), "crashed-replica/4245/dead", "now() - interval '1 second'");

        kafka.awaitEvent(ExportCancelled.class, request.jobId(), Duration.ofSeconds(30));

        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("CANCELLED");
        assertThat(Claims.column(request.jobId(), "attempts")).as("it was not run again").isEqualTo("1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bucket.incompleteUploads(prefix)).isEmpty());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> kafka.events(ExportCancelled.class, request.jobId()).size() == 1);
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportProgress.class, request.jobId())).isEmpty();
        assertThat(bucket.keys(prefix)).isEmpty();
    }

    @Test
    void aCancelRequestThatReachedAJobWhileItWentBackToTheQueueIsConfirmed() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "300"));
        // a run failed transiently after the cancel request had reached it: back in the queue, waiting for its retry
        Claims.queue(request, "now() + interval '1 hour'");
        Claims.markCancelRequested(request.jobId());

        kafka.awaitEvent(ExportCancelled.class, request.jobId(), Duration.ofSeconds(30));

        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("CANCELLED");
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("0");
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
    }
}
