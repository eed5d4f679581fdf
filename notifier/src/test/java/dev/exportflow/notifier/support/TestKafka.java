package dev.exportflow.notifier.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.Topics;
import dev.exportflow.events.serde.EventDeserializer;
import dev.exportflow.events.serde.EventSerializer;
import dev.exportflow.devstack.testing.DevStackTestResource;

/** Publishes events as the worker does and reads topics back, on the devstack's real broker. */
public final class TestKafka implements AutoCloseable {

    /** What the worker puts in {@code ce_source}. */
    public static final String WORKER_SOURCE = "/exportflow/export-worker";

    private final String bootstrapServers = DevStackTestResource.stack().endpoints().kafkaBootstrapServers();
    private final KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EventSerializer());

    /** Publishes one event on its topic, keyed by job id, with the worker's CloudEvents headers. */
    public void publish(ExportEvent event) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(EventType.of(event).topic(), event.jobId().toString(),
                event);
        CloudEventHeaders.addTo(record.headers(),
                CloudEventHeaders.of(CloudEventHeaders.stableId(event, "worker"), event, WORKER_SOURCE));
        send(record);
    }

    /** Publishes raw bytes on a topic, as a broken producer would. */
    public void publishRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(ProducerRecord<String, ?> record) {
        try {
            @SuppressWarnings("unchecked")
            ProducerRecord<String, Object> untyped = (ProducerRecord<String, Object>) record;
            producer.send(untyped).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot publish to " + record.topic(), e);
        }
    }

    /** Every ExportNotified record for one job that is on the topic now. */
    public List<ConsumerRecord<String, ExportEvent>> notified(UUID jobId) {
        return readAll(Topics.EXPORT_NOTIFIED).stream().filter(record -> jobId.toString().equals(record.key())).toList();
    }

    /** Every record on a topic up to its current end. */
    public List<ConsumerRecord<String, ExportEvent>> readAll(String topic) {
        try (KafkaConsumer<String, ExportEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new EventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, ExportEvent>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Could not read " + topic + " to its end in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** How many records a topic holds, summed over its partitions. */
    public long size(String topic) {
        try (KafkaConsumer<String, ExportEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(), new EventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(entry -> entry.getValue() - begin.get(entry.getKey()))
                    .sum();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
