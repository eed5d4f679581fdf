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
 * What a replica does with its running exports when its shutdown grace period is over: it stops them, aborts their
 * uploads and puts the jobs back in the queue without counting an attempt, so that another replica (here: this one
 * again) runs them to the end.
 */
@QuarkusTest
class HandBackTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Inject
    RunningExports running;

    @Test
    void aHandedBackExportIsQueuedAgainAndFinishedOnce() {
        ExportRequested request = Requests.of("numbers", "acme",
                Map.of("rows", "4000", "width", "2000", "pause_every", "100", "pause_ms", "100"));
        kafka.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.events(ExportProgress.class, request.jobId())
                .stream().anyMatch(progress -> progress.rows() > 0));

        running.handBackAll();

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(90));
        assertThat(completed.rows()).isEqualTo(4000);
        assertThat(Claims.column(request.jobId(), "attempts")).as("the handed-back run is not counted").isEqualTo("1");
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).hasSize(1);
        assertThat(kafka.events(ExportFailed.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportCancelled.class, request.jobId())).isEmpty();
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(bucket.keys(prefix)).containsExactly(completed.objectKey());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bucket.incompleteUploads(prefix)).isEmpty());
    }
}
