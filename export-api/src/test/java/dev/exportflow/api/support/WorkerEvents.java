package dev.exportflow.api.support;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.serde.EventSerializer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events as export-worker and the notifier would, keyed by job id with CloudEvents headers. */
public final class WorkerEvents implements AutoCloseable {

    /** The api's consumer group: its application name. */
    public static final String CONSUMER_GROUP = "export-api";

    private final KafkaProducer<String, Object> producer;

    public WorkerEvents() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Api.stack().endpoints().kafkaBootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(properties, new StringSerializer(), new EventSerializer());
    }

    public RecordMetadata publish(ExportEvent event) {
        return publish(event, "worker");
    }

    public RecordMetadata publish(ExportEvent event, String discriminator) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(EventType.of(event).topic(), event.jobId().toString(),
                event);
        CloudEventHeaders.addTo(record.headers(),
                CloudEventHeaders.of(CloudEventHeaders.stableId(event, discriminator), event, "/exportflow/test-worker"));
        return send(record);
    }

    /**
     * Waits until the api's consumer group has committed past a record: the api has processed it. Offsets are
     * committed periodically, so this takes up to a few seconds.
     */
    public static void awaitConsumed(RecordMetadata metadata) {
        TopicPartition partition = new TopicPartition(metadata.topic(), metadata.partition());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Admin admin = Api.stack().kafka().admin()) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(CONSUMER_GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
                return committed != null && committed.offset() > metadata.offset();
            }
        });
    }

    /** A record whose value is not an event at all. */
    public RecordMetadata publishGarbage(String topic, String key) {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            return raw.send(new ProducerRecord<>(topic, key, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Api.stack().endpoints().kafkaBootstrapServers());
        return properties;
    }

    private RecordMetadata send(ProducerRecord<String, Object> record) {
        try {
            return producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish " + record.value(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
