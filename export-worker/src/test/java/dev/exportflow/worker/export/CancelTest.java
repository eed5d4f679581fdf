package dev.exportflow.worker.export;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Bucket;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.KafkaTopics;
import dev.exportflow.worker.testing.Requests;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A cancel stops a running export within two seconds and leaves nothing behind; a cancelled job never runs. */
@QuarkusTest
class CancelTest {

    @Test
    void aRunningExportStopsWithinTwoSecondsAndItsUploadIsAborted() {
        // about 4 MB/s for 200 MB: it runs for a minute unless cancelled
        ExportRequested request = Requests.of("numbers", "acme",
                Map.of("rows", "100000", "width", "2000", "pause_every", "100", "pause_ms", "50"));
        KafkaTopics.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaTopics.events(Topics.EXPORT_PROGRESS, request.jobId(),
                ExportProgress.class).stream().anyMatch(progress -> progress.bytes() > 6 * 1024 * 1024));
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(Bucket.incompleteUploads(prefix)).as("a part was uploaded").hasSize(1);

        KafkaTopics.publish(new ExportCancelRequested(request.jobId(), 1, Instant.now()));

        ExportCancelled cancelled = KafkaTopics.awaitEvent(request.jobId(), ExportCancelled.class, Duration.ofSeconds(10));
        Instant cancelRequestedAt = KafkaTopics.records(Topics.EXPORT_CANCEL_REQUESTED).stream()
                .filter(record -> request.jobId().toString().equals(record.key()))
                .map(record -> Instant.ofEpochMilli(record.timestamp()))
                .findFirst().orElseThrow();
        assertThat(Duration.between(cancelRequestedAt, cancelled.occurredAt())).isLessThan(Duration.ofSeconds(2));
        assertThat(Bucket.keys(prefix)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Bucket.incompleteUploads(prefix)).isEmpty());
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("CANCELLED");
        assertThat(KafkaTopics.events(Topics.EXPORT_COMPLETED, request.jobId(), ExportCompleted.class)).isEmpty();
    }

    @Test
    void aJobCancelledBeforeItsRequestArrivesNeverRuns() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "10"));
        KafkaTopics.publish(new ExportCancelRequested(request.jobId(), 1, Instant.now()));
        KafkaTopics.awaitEvent(request.jobId(), ExportCancelled.class, Duration.ofSeconds(30));

        KafkaTopics.publish(request);

        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaTopics.events(Topics.EXPORT_CANCELLED, request.jobId(),
                ExportCancelled.class).size() == 2);
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("CANCELLED");
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("0");
        assertThat(Claims.column(request.jobId(), "started_at")).isNull();
        assertThat(KafkaTopics.events(Topics.EXPORT_PROGRESS, request.jobId(), ExportProgress.class)).isEmpty();
        assertThat(KafkaTopics.events(Topics.EXPORT_COMPLETED, request.jobId(), ExportCompleted.class)).isEmpty();
        assertThat(Bucket.keys("exports/" + request.jobId() + "/")).isEmpty();
    }
}
