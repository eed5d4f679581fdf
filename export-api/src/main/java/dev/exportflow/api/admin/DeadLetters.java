package dev.exportflow.api.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.problem.Problem;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.Topics;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the newest records of a dead-letter topic with a consumer of its own that lives for one request: assigned
 * (no consumer group, nothing committed), each partition read from its end minus the limit to its end as it was when
 * the read began, within {@link DeadLetterConfig#timeout()}. It takes every {@code kafka.*} setting of the service
 * (bootstrap servers, security protocol, SASL, truststore), as the channels and the outbox relay do.
 */
@ApplicationScoped
public class DeadLetters {

    public static final List<String> TOPICS = List.of(Topics.EXPORT_REQUESTED_DLQ, Topics.EXPORT_NOTIFY_DLQ);
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    /** What one fetch may bring back, so that a read's memory stays bounded whatever the records hold. */
    private static final int FETCH_MAX_BYTES = 4 * 1024 * 1024;
    private static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparing(DeadLetter::timestamp)
            .thenComparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset);

    private final Map<String, Object> kafkaConfig;
    private final DeadLetterConfig config;
    private final Semaphore reads;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, DeadLetterConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.reads = new Semaphore(config.concurrentReads());
    }

    /**
     * @return at most {@code limit} records of {@code topic}, newest first
     * @throws ProblemException 429 while {@link DeadLetterConfig#concurrentReads()} reads run, 503 when Kafka does not
     *         answer within {@link DeadLetterConfig#timeout()}
     */
    public List<DeadLetter> newest(String topic, int limit) {
        if (!reads.tryAcquire()) {
            throw new ProblemException(new Problem(Problem.TYPE_BASE + "too-many-reads", "Too many dead-letter reads", 429,
                    "Other dead-letter reads are running; try again in a moment.", null, null, null),
                    Map.of("Retry-After", "1"));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return read(consumer, topic, limit, System.nanoTime() + config.timeout().toNanos());
        } catch (KafkaException e) {
            Log.warnf("dead letters of %s not read: %s", topic, e.toString());
            throw unavailable(topic);
        } finally {
            reads.release();
        }
    }

    private List<DeadLetter> read(KafkaConsumer<byte[], byte[]> consumer, String topic, int limit, long deadline) {
        Duration timeout = config.timeout();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long start = Math.max(begin.get(partition), end.get(partition) - limit);
            if (start < end.get(partition)) {
                starts.put(partition, start);
            }
        }
        // Only partitions with records to read are assigned: the others would have no position to fetch from.
        consumer.assign(starts.keySet());
        starts.forEach(consumer::seek);
        Set<TopicPartition> unread = new HashSet<>(starts.keySet());
        PriorityQueue<DeadLetter> newest = new PriorityQueue<>(OLDEST_FIRST);
        while (!unread.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw unavailable(topic);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition)) {
                    newest.add(DeadLetter.of(record));
                    if (newest.size() > limit) {
                        newest.poll();
                    }
                }
            }
            unread.removeIf(partition -> consumer.position(partition, timeout) >= end.get(partition));
        }
        List<DeadLetter> letters = new ArrayList<>(newest);
        letters.sort(OLDEST_FIRST.reversed());
        return letters;
    }

    private Properties consumerConfig() {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        // Quarkus adds the service's consumer group to the shared settings: this reader joins none and commits nothing.
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "export-api-dead-letters-" + UUID.randomUUID());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_LIMIT);
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_MAX_BYTES);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }

    private static ProblemException unavailable(String topic) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "kafka-unavailable", "Kafka did not answer", 503,
                "The dead letters of " + topic + " could not be read in time; try again later.", null, null, null),
                Map.of("Retry-After", "5"));
    }
}
