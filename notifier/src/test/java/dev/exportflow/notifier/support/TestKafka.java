package dev.exportflow.notifier.support;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.Topics;
import dev.exportflow.events.TraceParent;
import dev.exportflow.events.serde.EventDeserializer;
import dev.exportflow.events.serde.EventSerializer;
import dev.exportflow.devstack.testing.DevStackTestResource;

/** Publishes events as the worker does and reads topics back, on the devstack's real broker. */
public final class TestKafka implements AutoCloseable {

    /** What the worker puts in {@code ce_source}. */
    public static final String WORKER_SOURCE = "/exportflow/export-worker";

    private final String bootstrapServers = DevStackTestResource.stack().endpoints().kafkaBootstrapServers();
    private final KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
            new EventSerializer());
    private final KafkaProducer<String, byte[]> rawProducer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
            new ByteArraySerializer());

    /** Publishes one event on its topic, keyed by job id, with the worker's CloudEvents headers. */
    public void publish(ExportEvent event) {
        publish(event, null);
    }

    /** Publishes one event as {@link #publish(ExportEvent)}, in the trace of {@code traceParent}. */
    public void publish(ExportEvent event, String traceParent) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(EventType.of(event).topic(), event.jobId().toString(),
                event);
        CloudEventHeaders.addTo(record.headers(),
                CloudEventHeaders.of(CloudEventHeaders.stableId(event, "worker"), event, WORKER_SOURCE));
        if (traceParent != null) {
            record.headers().add(TraceParent.HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
        }
        send(producer, record);
    }

    /** Publishes raw bytes on a topic, as a broken producer would. */
    public void publishRaw(String topic, String key, byte[] value) {
        send(rawProducer, new ProducerRecord<>(topic, key, value));
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all");
    }

    private static <V> void send(KafkaProducer<String, V> producer, ProducerRecord<String, V> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
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
        return read(topic, new EventDeserializer());
    }

    /** The records of the notifier's DLQ with this key, as raw bytes. */
    public List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return read(Topics.EXPORT_NOTIFY_DLQ, new ByteArrayDeserializer()).stream()
                .filter(record -> key.equals(record.key())).toList();
    }

    private <V> List<ConsumerRecord<String, V>> read(String topic, Deserializer<V> values) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
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

    /** The text of a record's header, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
        rawProducer.close(Duration.ofSeconds(5));
    }
}
