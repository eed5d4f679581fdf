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
 * The worker acknowledges a request it holds with {@code ExportQueued} once it has waited {@code queued-report-after}
 * (2 s in tests) for a slot, and again at once for every duplicate that arrives while the job still waits (the api
 * re-sends a request it saw no acknowledgement for); a job taken before that, or that runs or ran, is not acknowledged.
 */
@QuarkusTest
class QueuedTest {

    private static final Duration QUEUED_REPORT_AFTER = Duration.ofSeconds(2);

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void aRequestTakenAtOnceIsNotAcknowledgedAndOneThatWaitsIsAcknowledgedOnce() throws Exception {
        ExportRequested quick = Requests.of("numbers", "acme", Map.of("rows", "50"));
        kafka.publish(quick);
        kafka.awaitEvent(ExportCompleted.class, quick.jobId(), Duration.ofSeconds(30));
        assertThat(waitedForASlot(quick)).as("taken at once").isLessThan(QUEUED_REPORT_AFTER);
        await().during(QUEUED_REPORT_AFTER.plusSeconds(1)).atMost(QUEUED_REPORT_AFTER.plusSeconds(5))
                .until(() -> kafka.events(ExportQueued.class, quick.jobId()).isEmpty());

        ExportRequested waiting = Requests.of("numbers", "queued-test", Map.of("rows", "50"));
        try (AutoCloseable notTaken = Claims.breakUpdates(waiting.jobId(), "new.state = 'RUNNING'", false)) {
            kafka.publish(waiting);
            ExportQueued queued = kafka.awaitEvent(ExportQueued.class, waiting.jobId(), Duration.ofSeconds(30));
            assertThat(Claims.column(waiting.jobId(), "state")).isEqualTo("PENDING");
            assertThat(queued.generation()).isEqualTo(1);
            long queuedAt = Long.parseLong(Claims.column(waiting.jobId(), "(extract(epoch from created_at) * 1000)::bigint"));
            assertThat(Duration.ofMillis(Math.abs(queued.occurredAt().toEpochMilli() - queuedAt)))
                    .as("says since when it is held").isLessThan(Duration.ofSeconds(1));
        }
        kafka.awaitEvent(ExportCompleted.class, waiting.jobId(), Duration.ofSeconds(30));
        assertThat(kafka.records(Topics.EXPORT_PROGRESS, waiting.jobId()))
                .filteredOn(record -> EventType.EXPORT_QUEUED.ceType().equals(TestKafka.header(record, CloudEventHeaders.TYPE)))
                .as("once, on the progress topic, with its own type").hasSize(1);

        kafka.publish(waiting);

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.events(ExportCompleted.class, waiting.jobId()).size() == 2);
        assertThat(kafka.events(ExportQueued.class, waiting.jobId())).as("a done job is announced, not queued").hasSize(1);
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

    private static Duration waitedForASlot(ExportRequested request) {
        return Duration.ofMillis(Long.parseLong(Claims.column(request.jobId(),
                "(extract(epoch from started_at - created_at) * 1000)::bigint")));
    }
}
