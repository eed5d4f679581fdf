package dev.exportflow.devstack.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventRecord;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.serde.EventDeserializer;
import dev.exportflow.events.serde.EventSerializer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The devstack's broker as a test sees it: publish events the way the services do (keyed by job id, CloudEvents
 * headers, an optional trace), publish what a broken producer would, read topics from their beginning, and wait until
 * a consumer group has processed a record. Reading never joins a consumer group.
 */
public final class TestKafka implements AutoCloseable {

    /** The CloudEvents source of what tests publish. */
    public static final String SOURCE = EventRecord.source("devstack-test");

    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private final DevStack stack;
    private final EventDeserializer deserializer = new EventDeserializer();
    private KafkaProducer<String, Object> events;
    private KafkaProducer<String, byte[]> raw;

    public TestKafka(DevStack stack) {
        this.stack = stack;
    }

    /** Publishes an event as its producing service would; a second publication of the same event has the same id. */
    public RecordMetadata publish(ExportEvent event) {
        return publish(event, null);
    }

    /** Publishes an event in the trace of {@code traceParent} (W3C), as a service continuing that trace would. */
    public RecordMetadata publish(ExportEvent event, String traceParent) {
        return publish(EventRecord.of(event, CloudEventHeaders.stableId(event, "test"), SOURCE, traceParent));
    }

    /** Publishes a record built with other ids, sources or traces. */
    public RecordMetadata publish(EventRecord record) {
        synchronized (this) {
            if (events == null) {
                events = new KafkaProducer<>(producerConfig(), new StringSerializer(), new EventSerializer());
            }
        }
        return acknowledged(events.send(record.toProducerRecord()), record.topic());
    }

    /** Publishes bytes that need not be an event at all. */
    public RecordMetadata publishRaw(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** Publishes a record of bytes with whatever headers it carries. */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        synchronized (this) {
            if (raw == null) {
                raw = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
            }
        }
        return acknowledged(raw.send(record), record.topic());
    }

    /** Every record on {@code topic} at this moment, in offset order per partition. */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end in " + READ_LIMIT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The records of one job on {@code topic}, in publication order. */
    public List<ConsumerRecord<String, byte[]>> records(String topic, UUID jobId) {
        return records(topic, record -> jobId.toString().equals(record.key()));
    }

    /** The records on {@code topic} that {@code which} accepts, in publication order. */
    public List<ConsumerRecord<String, byte[]>> records(String topic, Predicate<ConsumerRecord<String, byte[]>> which) {
        return records(topic).stream().filter(which).sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList();
    }

    /**
     * The events of one job of {@code type}, in publication order; other types on the same topic (ExportQueued next to
     * ExportProgress) are left out.
     */
    public <T extends ExportEvent> List<T> events(Class<T> type, UUID jobId) {
        return records(EventType.ofPayload(type).topic(), jobId).stream().map(this::event).filter(type::isInstance)
                .map(type::cast).toList();
    }

    /** Waits for the first event of a job on the topic of {@code type}. */
    public <T extends ExportEvent> T awaitEvent(Class<T> type, UUID jobId, Duration timeout) {
        try {
            return await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(() -> events(type, jobId), list -> !list.isEmpty())
                    .get(0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No " + type.getSimpleName() + " of job " + jobId + " within " + timeout + "; "
                    + whatTheTopicHolds(EventType.ofPayload(type).topic(), jobId), e);
        }
    }

    /** Says what a wait that timed out saw: the topic's end offsets and every record of the job on it. */
    private String whatTheTopicHolds(String topic, UUID jobId) {
        try {
            List<ConsumerRecord<String, byte[]>> all = records(topic);
            List<String> ofJob = all.stream().filter(record -> jobId.toString().equals(record.key()))
                    .map(record -> record.partition() + "@" + record.offset() + " " + header(record, CloudEventHeaders.TYPE))
                    .toList();
            return topic + " holds " + all.size() + " records, of this job " + ofJob;
        } catch (RuntimeException e) {
            return topic + " could not be read: " + e;
        }
    }

    /** The event a record carries, read as the services read it (its {@code ce_type}, else its topic). */
    public ExportEvent event(ConsumerRecord<String, byte[]> record) {
        return deserializer.deserialize(record.topic(), record.headers(), record.value());
    }

    /** The text of a record's last header of that name, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** How many records a topic holds, summed over its partitions. */
    public long size(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(entry -> entry.getValue() - begin.get(entry.getKey()))
                    .sum();
        }
    }

    /**
     * Waits until consumer group {@code group} has committed past {@code published}: it processed that record.
     * Offsets are committed periodically, so this takes up to a few seconds.
     */
    public void awaitConsumed(String group, RecordMetadata published, Duration timeout) {
        TopicPartition partition = new TopicPartition(published.topic(), published.partition());
        await().atMost(timeout).until(() -> {
            try (Admin admin = stack.kafka().admin()) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
                return committed != null && committed.offset() > published.offset();
            }
        });
    }

    @Override
    public synchronized void close() {
        if (events != null) {
            events.close(Duration.ofSeconds(5));
        }
        if (raw != null) {
            raw.close(Duration.ofSeconds(5));
        }
    }

    private String bootstrapServers() {
        return stack.endpoints().kafkaBootstrapServers();
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static RecordMetadata acknowledged(Future<RecordMetadata> sent, String topic) {
        try {
            return sent.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot publish to " + topic, e);
        }
    }
}
