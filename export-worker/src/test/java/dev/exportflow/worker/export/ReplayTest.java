package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCompleted;
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
 * Guarantee 5: a redelivered or replayed request never regenerates a file; the existing file is announced again with
 * the same CloudEvents id, so every consumer can tell it is the same event.
 */
@QuarkusTest
class ReplayTest {

    @Test
    void aRedeliveredRequestAnnouncesTheSameFileAgainWithoutExportingAgain() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "500"));
        KafkaTopics.publish(request);
        ExportCompleted first = KafkaTopics.awaitEvent(request.jobId(), ExportCompleted.class, Duration.ofSeconds(30));
        var before = Bucket.stat(first.objectKey());

        KafkaTopics.publish(request);

        List<ConsumerRecord<String, byte[]>> completions = await().atMost(Duration.ofSeconds(30))
                .until(() -> records(Topics.EXPORT_COMPLETED, request.jobId()), list -> list.size() == 2);
        assertThat(KafkaTopics.header(completions.get(1), CloudEventHeaders.ID))
                .isEqualTo(KafkaTopics.header(completions.get(0), CloudEventHeaders.ID));
        ExportCompleted second = KafkaTopics.events(Topics.EXPORT_COMPLETED, request.jobId(), ExportCompleted.class).get(1);
        assertThat(second.objectKey()).isEqualTo(first.objectKey());
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(second.rows()).isEqualTo(500);
        var after = Bucket.stat(first.objectKey());
        assertThat(after.etag()).isEqualTo(before.etag());
        assertThat(after.lastModified()).isEqualTo(before.lastModified());
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("1");
    }

    @Test
    void replayingTheWholeRequestTopicFromOffsetZeroCreatesNoNewObjects() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "100"));
        KafkaTopics.publish(request);
        KafkaTopics.awaitEvent(request.jobId(), ExportCompleted.class, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(120)).until(() -> Claims.unfinished() == 0);
        Map<String, String> objectsBefore = objects();
        List<ConsumerRecord<String, byte[]>> requests = KafkaTopics.records(Topics.EXPORT_REQUESTED);
        long completedBefore = KafkaTopics.records(Topics.EXPORT_COMPLETED).size();
        long succeeded = succeededJobs();

        for (ConsumerRecord<String, byte[]> record : requests) {
            KafkaTopics.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
        }

        await().atMost(Duration.ofSeconds(120)).until(
                () -> KafkaTopics.records(Topics.EXPORT_COMPLETED).size() >= completedBefore + succeeded);
        await().atMost(Duration.ofSeconds(120)).until(() -> Claims.unfinished() == 0);
        Map<String, String> objectsAfter = objects();
        assertThat(objectsAfter).as("no new and no regenerated files").isEqualTo(objectsBefore);
        assertThat(succeededJobs()).isEqualTo(succeeded);
    }

    private static List<ConsumerRecord<String, byte[]>> records(String topic, UUID jobId) {
        return KafkaTopics.records(topic).stream().filter(record -> jobId.toString().equals(record.key()))
                .sorted((a, b) -> Long.compare(a.offset(), b.offset())).toList();
    }

    /** Every object of the bucket with its ETag: a regenerated file would get a new one. */
    private static Map<String, String> objects() {
        return Bucket.keys("exports/").stream().collect(Collectors.toMap(key -> key, key -> Bucket.stat(key).etag(),
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
