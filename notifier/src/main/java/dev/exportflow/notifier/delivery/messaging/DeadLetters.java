package dev.exportflow.notifier.delivery.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.EventType;
import dev.exportflow.notifier.delivery.Delivery;
import dev.exportflow.notifier.delivery.DeliveryConfig;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes to {@code export-notify.dlq} what the notifier could not act on, for operators to inspect and
 * re-publish: records that are no event (their original bytes), events it refused (as read), and emails given up
 * after the last attempt (the event as received). Headers follow the worker's DLQ: {@code dead-letter-reason},
 * {@code dead-letter-topic}, and for records {@code dead-letter-partition} and {@code dead-letter-offset}. Each method
 * returns once Kafka has the record and throws when it does not.
 */
@ApplicationScoped
public class DeadLetters {

    private static final String REASON = "dead-letter-reason";
    private static final String TOPIC = "dead-letter-topic";
    private static final String PARTITION = "dead-letter-partition";
    private static final String OFFSET = "dead-letter-offset";
    /** Set when Kafka refused the value itself (too large): the record is parked without it. */
    private static final String VALUE_DROPPED = "dead-letter-value-dropped";
    /** Where SmallRye keeps the bytes of a value its deserializer refused. */
    private static final String FAILED_DATA = "deserialization-failure-data";
    private static final String FAILED_REASON = "deserialization-failure-reason";

    private final MutinyEmitter<byte[]> emitter;
    private final Duration publishTimeout;

    public DeadLetters(@Channel("export-notify-dlq") MutinyEmitter<byte[]> emitter, DeliveryConfig config) {
        this.emitter = emitter;
        this.publishTimeout = config.publishTimeout();
    }

    /** Parks a record that is no event the notifier emails about, with its original bytes. */
    public void unreadable(Message<?> message, String topic) {
        Headers incoming = incomingHeaders(message);
        String reason = Optional.ofNullable(text(incoming, FAILED_REASON))
                .orElse("The record is no event the notifier emails about");
        Header data = incoming.lastHeader(FAILED_DATA);
        park(message, topic, data == null ? null : data.value(), reason);
    }

    /** Parks an event the notifier refused to act on, as it was read. */
    public void refused(Message<?> message, String topic, byte[] event, Refusal refusal) {
        park(message, topic, event, refusal.describe());
    }

    /** Parks the event of an email given up after its last attempt. */
    public void givenUp(Delivery delivery) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, REASON, delivery.lastError);
        add(headers, TOPIC, EventType.ofPayload(delivery.kind.eventClass()).topic());
        send(delivery.jobId.toString(), delivery.event.getBytes(StandardCharsets.UTF_8), headers);
    }

    private void park(Message<?> message, String topic, byte[] value, String reason) {
        String key = metadata(message).map(record -> record.getKey() == null ? null : record.getKey().toString())
                .orElse(null);
        try {
            send(key, value, parkedHeaders(message, topic, reason));
        } catch (RuntimeException e) {
            if (value == null || !KafkaFailures.refusesTheRecord(e)) {
                throw e;
            }
            // the original stays on its topic at the offset named in the headers (for the topic's retention)
            Log.warnf("job %s: Kafka refused to park the record's value (%s); parked without it", key, e.getMessage());
            RecordHeaders headers = parkedHeaders(message, topic, reason);
            add(headers, VALUE_DROPPED, e.getClass().getSimpleName() + ": " + e.getMessage());
            send(key, null, headers);
        }
    }

    /** The record's own headers, and where it came from and why it is parked (new each time: a sent record's are sealed). */
    private static RecordHeaders parkedHeaders(Message<?> message, String topic, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : incomingHeaders(message)) {
            if (!header.key().startsWith("deserialization-failure-")) {
                headers.add(header);
            }
        }
        add(headers, REASON, reason);
        add(headers, TOPIC, topic);
        metadata(message).ifPresent(record -> {
            add(headers, PARTITION, Integer.toString(record.getPartition()));
            add(headers, OFFSET, Long.toString(record.getOffset()));
        });
        return headers;
    }

    private void send(String key, byte[] value, RecordHeaders headers) {
        emitter.sendMessage(Message.of(value).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build()))
                .await().atMost(publishTimeout);
    }

    private static Optional<IncomingKafkaRecordMetadata<?, ?>> metadata(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (IncomingKafkaRecordMetadata<?, ?>) metadata);
    }

    private static Headers incomingHeaders(Message<?> message) {
        return metadata(message).map(IncomingKafkaRecordMetadata::getHeaders).orElseGet(RecordHeaders::new);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
