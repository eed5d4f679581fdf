package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
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

/**
 * What a replica does with its running exports when its shutdown grace period is over: it stops them, aborts their
 * uploads and puts the jobs back in the queue without counting an attempt, so that another replica (here: this one
 * again) runs them to the end.
 */
@QuarkusTest
class HandBackTest {

    @Inject
    RunningExports running;

    @Test
    void aHandedBackExportIsQueuedAgainAndFinishedOnce() {
        ExportRequested request = Requests.of("numbers", "acme",
                Map.of("rows", "4000", "width", "2000", "pause_every", "100", "pause_ms", "100"));
        KafkaTopics.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaTopics.events(Topics.EXPORT_PROGRESS, request.jobId(),
                ExportProgress.class).stream().anyMatch(progress -> progress.rows() > 0));

        running.handBackAll();

        ExportCompleted completed = KafkaTopics.awaitEvent(request.jobId(), ExportCompleted.class, Duration.ofSeconds(90));
        assertThat(completed.rows()).isEqualTo(4000);
        assertThat(Claims.column(request.jobId(), "attempts")).as("the handed-back run is not counted").isEqualTo("1");
        assertThat(KafkaTopics.events(Topics.EXPORT_COMPLETED, request.jobId(), ExportCompleted.class)).hasSize(1);
        assertThat(KafkaTopics.events(Topics.EXPORT_FAILED, request.jobId(), ExportFailed.class)).isEmpty();
        assertThat(KafkaTopics.events(Topics.EXPORT_CANCELLED, request.jobId(), ExportCancelled.class)).isEmpty();
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(Bucket.keys(prefix)).containsExactly(completed.objectKey());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Bucket.incompleteUploads(prefix)).isEmpty());
    }
}
