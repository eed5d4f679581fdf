package dev.exportflow.worker.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.serde.EventJson;

import static org.awaitility.Awaitility.await;

/** Publishes to and reads from the devstack's topics the way the other services do. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** Publishes an event as export-api would: keyed by job id, with CloudEvents headers. */
    public static void publish(ExportEvent event) {
        publish(event, new RecordHeaders());
    }

    /** Publishes an event as the api does, with more headers (e.g. a {@code traceparent}). */
    public static void publish(ExportEvent event, RecordHeaders headers) {
        CloudEventHeaders.addTo(headers, CloudEventHeaders.of(UUID.randomUUID(), event, "/exportflow/export-api"));
        send(new ProducerRecord<>(EventType.of(event).topic(), null, event.jobId().toString(), EventJson.write(event), headers));
    }

    public static void send(ProducerRecord<String, byte[]> record) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot publish to " + record.topic(), e);
        }
    }

    /** Every record on {@code topic} at this moment, oldest first per partition. */
    public static List<ConsumerRecord<String, byte[]>> records(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading " + topic + " took too long");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The events of one job on {@code topic}, in publication order. */
    public static <T extends ExportEvent> List<T> events(String topic, UUID jobId, Class<T> type) {
        return records(topic).stream()
                .filter(record -> jobId.toString().equals(record.key()))
                .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
                .map(record -> EventJson.read(record.value(), type))
                .toList();
    }

    /** Waits for the first event of a job on its topic. */
    public static <T extends ExportEvent> T awaitEvent(UUID jobId, Class<T> type, Duration timeout) {
        String topic = EventType.ofPayload(type).topic();
        return await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> events(topic, jobId, type), list -> !list.isEmpty())
                .get(0);
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String bootstrapServers() {
        return WorkerTestStack.stack().endpoints().kafkaBootstrapServers();
    }
}
