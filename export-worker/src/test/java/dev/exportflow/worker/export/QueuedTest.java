package dev.exportflow.worker.export;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker acknowledges a request it holds with {@code ExportQueued}, and again for every duplicate that arrives
 * while the job still waits (the api re-sends a request it saw no acknowledgement for); a job that runs or ran is not
 * acknowledged again.
 */
@QuarkusTest
class QueuedTest {

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void anAdmittedRequestIsAcknowledgedOnce() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "50"));

        kafka.publish(request);

        kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(30));
        List<ExportQueued> queued = kafka.events(ExportQueued.class, request.jobId());
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).generation()).isEqualTo(1);
        assertThat(kafka.records(Topics.EXPORT_PROGRESS, request.jobId()))
                .filteredOn(record -> EventType.EXPORT_QUEUED.ceType().equals(TestKafka.header(record, CloudEventHeaders.TYPE)))
                .as("on the progress topic, with its own type").hasSize(1);

        kafka.publish(request);

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.events(ExportCompleted.class, request.jobId()).size() == 2);
        assertThat(kafka.events(ExportQueued.class, request.jobId())).as("a done job is announced, not queued").hasSize(1);
    }

    @Test
    void aDuplicateOfARequestThatStillWaitsIsAcknowledgedAgain() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "50"));
        // held, and waiting for its retry time
        Claims.queue(request, "now() + interval '1 hour'");

        kafka.publish(request);
        kafka.awaitEvent(ExportQueued.class, request.jobId(), Duration.ofSeconds(30));
        kafka.publish(request);

        List<ConsumerRecord<String, byte[]>> acknowledgements = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.records(Topics.EXPORT_PROGRESS, request.jobId()), records -> records.size() == 2);
        assertThat(TestKafka.header(acknowledgements.get(1), CloudEventHeaders.ID))
                .as("the same acknowledgement again").isEqualTo(TestKafka.header(acknowledgements.get(0), CloudEventHeaders.ID));
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("PENDING");
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("0");
        assertThat(kafka.events(ExportProgress.class, request.jobId())).isEmpty();

        kafka.publish(new ExportCancelRequested(request.jobId(), 1, Instant.now()));
        kafka.awaitEvent(ExportCancelled.class, request.jobId(), Duration.ofSeconds(30));
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("CANCELLED");
    }
}
