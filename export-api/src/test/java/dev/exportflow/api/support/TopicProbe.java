package dev.exportflow.api.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.serde.EventDeserializer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from its beginning (no consumer group), so a test can look for a job's records. */
public final class TopicProbe implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public TopicProbe(String topic) {
        this.topic = topic;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Api.stack().endpoints().kafkaBootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record read so far whose key is the job id. */
    public synchronized List<ConsumerRecord<String, byte[]>> recordsFor(UUID jobId) {
        drain();
        return seen.stream().filter(record -> jobId.toString().equals(record.key())).toList();
    }

    /** Every record read so far. */
    public synchronized List<ConsumerRecord<String, byte[]>> all() {
        drain();
        return List.copyOf(seen);
    }

    public ExportEvent event(ConsumerRecord<String, byte[]> record) {
        try (EventDeserializer deserializer = new EventDeserializer()) {
            return deserializer.deserialize(topic, record.headers(), record.value());
        }
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name);
    }

    private void drain() {
        for (int emptyPolls = 0; emptyPolls < 2; ) {
            var records = consumer.poll(Duration.ofMillis(150));
            if (records.isEmpty()) {
                emptyPolls++;
            }
            records.forEach(seen::add);
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
