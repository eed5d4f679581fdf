package dev.exportflow.events.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Parks a record a consumer cannot act on in its dead-letter topic, for operators to read and re-publish; the consumer
 * acknowledges the record once it is parked. A parked record keeps the original's key and headers and gets
 * {@code dead-letter-reason}, {@code dead-letter-topic}, {@code dead-letter-partition} and {@code dead-letter-offset};
 * a record that is no event keeps the bytes SmallRye's deserializer could not read. When Kafka refuses the value itself
 * (too large) the record is parked without it, {@code dead-letter-value-dropped} saying why: the original stays on its
 * topic at the offset named, for the topic's retention.
 *
 * <p>The services park records themselves, with the channel's failure strategy {@code fail}: SmallRye's
 * {@code dead-letter-queue} strategy sends a record its deserializer refused to the dead-letter topic before the
 * application sees it, and then never commits that record's offset (the consumer group's lag stays above zero, and a
 * restart dead-letters it again).
 */
public final class DeadLetterParking {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** Set when Kafka refused the value itself (too large): the record is parked without it. */
    public static final String VALUE_DROPPED = "dead-letter-value-dropped";
    /** Where SmallRye keeps the bytes of a value its deserializer refused. */
    private static final String FAILED_DATA = "deserialization-failure-data";
    private static final String FAILED_REASON = "deserialization-failure-reason";
    private static final String FAILURE_HEADERS = "deserialization-failure-";

    /** Hands one record to the dead-letter topic and returns once Kafka has it; throws when it does not. */
    @FunctionalInterface
    public interface Sender {
        void send(String key, byte[] value, Headers headers);
    }

    /** What the caller learns about a record parked without its value. */
    @FunctionalInterface
    public interface DroppedValue {
        void dropped(String key, RuntimeException refusal);
    }

    private final Sender sender;
    private final DroppedValue droppedValue;

    public DeadLetterParking(Sender sender, DroppedValue droppedValue) {
        this.sender = sender;
        this.droppedValue = droppedValue;
    }

    /** Parks a record that is no event, with its original bytes; the reason is the deserializer's, else {@code otherwise}. */
    public void unreadable(Message<?> message, String topic, String otherwise) {
        Headers incoming = incomingHeaders(message);
        String reason = Optional.ofNullable(text(incoming, FAILED_REASON)).orElse(otherwise);
        Header data = incoming.lastHeader(FAILED_DATA);
        park(message, topic, data == null ? null : data.value(), reason);
    }

    /** Parks a record the consumer refused, with {@code value} (the event as it was read). */
    public void refused(Message<?> message, String topic, byte[] value, String reason) {
        park(message, topic, value, reason);
    }

    private void park(Message<?> message, String topic, byte[] value, String reason) {
        String key = metadata(message).map(record -> record.getKey() == null ? null : record.getKey().toString())
                .orElse(null);
        try {
            sender.send(key, value, parkedHeaders(message, topic, reason));
        } catch (RuntimeException e) {
            if (value == null || !refusesTheRecord(e)) {
                throw e;
            }
            droppedValue.dropped(key, e);
            RecordHeaders headers = parkedHeaders(message, topic, reason);
            add(headers, VALUE_DROPPED, e.getClass().getSimpleName() + ": " + e.getMessage());
            sender.send(key, null, headers);
        }
    }

    /** Whether Kafka refused the record for what it is (too large, invalid, not serializable), which no retry changes. */
    public static boolean refusesTheRecord(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
                    || cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /** The record's own headers, and where it came from and why it is parked (new each time: a sent record's are sealed). */
    private static RecordHeaders parkedHeaders(Message<?> message, String topic, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : incomingHeaders(message)) {
            if (!header.key().startsWith(FAILURE_HEADERS)) {
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

    private static Optional<IncomingKafkaRecordMetadata<?, ?>> metadata(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (IncomingKafkaRecordMetadata<?, ?>) metadata);
    }

    private static Headers incomingHeaders(Message<?> message) {
        return metadata(message).map(IncomingKafkaRecordMetadata::getHeaders).orElseGet(RecordHeaders::new);
    }

    /** Adds a header of text. */
    public static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
