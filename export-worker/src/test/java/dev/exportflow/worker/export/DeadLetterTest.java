package dev.exportflow.worker.export;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An unreadable record goes to export-requested.dlq with its original bytes and the reason, and is committed (the
 * consumer group's lag goes back to zero, and a restart does not park it again); the next job still runs.
 */
@QuarkusTest
class DeadLetterTest {

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void garbageGoesToTheDeadLetterTopicIsCommittedAndTheNextJobStillRuns() {
        String garbageKey = "garbage-" + UUID.randomUUID();
        byte[] garbage = "{this is not an export request".getBytes(StandardCharsets.UTF_8);
        List<RecordMetadata> refused = new ArrayList<>();
        refused.add(kafka.send(new ProducerRecord<>(Topics.EXPORT_REQUESTED, null, garbageKey, garbage,
                new RecordHeaders())));
        String unknownTypeKey = "unknown-type-" + UUID.randomUUID();
        RecordHeaders unknownType = new RecordHeaders();
        unknownType.add(CloudEventHeaders.TYPE, "dev.exportflow.export.teleported.v1".getBytes(StandardCharsets.UTF_8));
        refused.add(kafka.send(new ProducerRecord<>(Topics.EXPORT_REQUESTED, null, unknownTypeKey,
                "{}".getBytes(StandardCharsets.UTF_8), unknownType)));
        String incompleteKey = "incomplete-" + UUID.randomUUID();
        refused.add(kafka.send(new ProducerRecord<>(Topics.EXPORT_REQUESTED, null, incompleteKey,
                "{\"dataset\":\"orders\"}".getBytes(StandardCharsets.UTF_8), new RecordHeaders())));
        ExportRequested next = Requests.of("numbers", "acme", Map.of("rows", "20"));

        kafka.publish(next);

        kafka.awaitEvent(ExportCompleted.class, next.jobId(), Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.records(Topics.EXPORT_REQUESTED_DLQ).stream()
                        .filter(record -> List.of(garbageKey, unknownTypeKey, incompleteKey).contains(record.key())).toList(),
                        records -> records.size() == 3);
        ConsumerRecord<String, byte[]> garbageRecord = dead.stream().filter(record -> record.key().equals(garbageKey))
                .findFirst().orElseThrow();
        assertThat(garbageRecord.value()).isEqualTo(garbage);
        assertThat(TestKafka.header(garbageRecord, "dead-letter-reason")).isNotBlank();
        assertThat(TestKafka.header(garbageRecord, "dead-letter-topic")).isEqualTo(Topics.EXPORT_REQUESTED);
        assertThat(TestKafka.header(garbageRecord, "dead-letter-offset"))
                .isEqualTo(Long.toString(refused.get(0).offset()));
        assertThat(dead).allSatisfy(record -> assertThat(TestKafka.header(record, "dead-letter-reason")).isNotBlank());
        // each parked record is committed, also one that is the last of its partition
        refused.forEach(record -> kafka.awaitConsumed("export-worker", record, Duration.ofSeconds(30)));
    }

    @Test
    void aRecordThatIsNoEventAndTheLastOfItsPartitionIsCommittedOnceParked() {
        String key = "lone-garbage-" + UUID.randomUUID();
        RecordMetadata garbage = kafka.send(new ProducerRecord<>(Topics.EXPORT_REQUESTED, null, key,
                new byte[] {(byte) 0xff, 0, 1}, new RecordHeaders()));

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.records(Topics.EXPORT_REQUESTED_DLQ).stream()
                .anyMatch(record -> key.equals(record.key())));
        kafka.awaitConsumed("export-worker", garbage, Duration.ofSeconds(30));
    }
}
