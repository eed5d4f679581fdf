package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 5: a redelivered or replayed request never regenerates a file; the existing file is announced again with
 * the same CloudEvents id, so every consumer can tell it is the same event.
 */
@QuarkusTest
class ReplayTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Test
    void aRedeliveredRequestAnnouncesTheSameFileAgainWithoutExportingAgain() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "500"));
        kafka.publish(request);
        ExportCompleted first = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(30));
        var before = bucket.stat(first.objectKey());

        kafka.publish(request);

        List<ConsumerRecord<String, byte[]>> completions = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.records(Topics.EXPORT_COMPLETED, request.jobId()), list -> list.size() == 2);
        assertThat(TestKafka.header(completions.get(1), CloudEventHeaders.ID))
                .isEqualTo(TestKafka.header(completions.get(0), CloudEventHeaders.ID));
        ExportCompleted second = kafka.events(ExportCompleted.class, request.jobId()).get(1);
        assertThat(second.objectKey()).isEqualTo(first.objectKey());
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(second.rows()).isEqualTo(500);
        var after = bucket.stat(first.objectKey());
        assertThat(after.etag()).isEqualTo(before.etag());
        assertThat(after.lastModified()).isEqualTo(before.lastModified());
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("1");
    }

    @Test
    void replayingTheWholeRequestTopicFromOffsetZeroCreatesNoNewObjects() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "100"));
        kafka.publish(request);
        kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(120)).until(() -> Claims.unfinished() == 0);
        Map<String, String> objectsBefore = objects();
        List<ConsumerRecord<String, byte[]>> requests = kafka.records(Topics.EXPORT_REQUESTED);
        long completedBefore = kafka.records(Topics.EXPORT_COMPLETED).size();
        long succeeded = succeededJobs();

        for (ConsumerRecord<String, byte[]> record : requests) {
            kafka.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
        }

        await().atMost(Duration.ofSeconds(120)).until(
                () -> kafka.records(Topics.EXPORT_COMPLETED).size() >= completedBefore + succeeded);
        await().atMost(Duration.ofSeconds(120)).until(() -> Claims.unfinished() == 0);
        Map<String, String> objectsAfter = objects();
        assertThat(objectsAfter).as("no new and no regenerated files").isEqualTo(objectsBefore);
        assertThat(succeededJobs()).isEqualTo(succeeded);
    }

    @Test
    void aRequestOfAJobThatFailedWhenItRanComesAgainItsFailureIsToldAgainAndItDoesNotRunAgain() {
        ExportRequested request = Requests.of("broken", "acme", Map.of());
        kafka.publish(request);
        kafka.awaitEvent(ExportFailed.class, request.jobId(), Duration.ofSeconds(30));

        kafka.publish(request);

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.events(ExportFailed.class, request.jobId()).size() == 2);
        assertThat(kafka.events(ExportFailed.class, request.jobId())).extracting(ExportFailed::errorCode)
                .containsOnly("QUERY_FAILED");
        assertThat(Claims.column(request.jobId(), "attempts")).as("it was not run again").isEqualTo("1");
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("FAILED");
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
    }

    /** Every object of the bucket with its ETag: a regenerated file would get a new one. */
    private Map<String, String> objects() {
        return bucket.keys("exports/").stream().collect(Collectors.toMap(key -> key, key -> bucket.stat(key).etag(),
                (a, b) -> a, HashMap::new));
    }

    private static long succeededJobs() {
        try (var connection = Claims.connect(); var select = connection.prepareStatement(
                "select count(*) from export_claim where state = 'SUCCEEDED'"); var rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
