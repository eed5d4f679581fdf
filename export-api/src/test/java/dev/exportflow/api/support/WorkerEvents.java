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

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events as export-worker and the notifier would, keyed by job id with CloudEvents headers. */
public final class WorkerEvents implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;

    public WorkerEvents() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Api.stack().endpoints().kafkaBootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(properties, new StringSerializer(), new EventSerializer());
    }

    public void publish(ExportEvent event) {
        publish(event, "worker");
    }

    public void publish(ExportEvent event, String discriminator) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(EventType.of(event).topic(), event.jobId().toString(),
                event);
        CloudEventHeaders.addTo(record.headers(),
                CloudEventHeaders.of(CloudEventHeaders.stableId(event, discriminator), event, "/exportflow/test-worker"));
        send(record);
    }

    /** A record whose value is not an event at all. */
    public void publishGarbage(String topic, String key) {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, key, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
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

    private void send(ProducerRecord<String, Object> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
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
