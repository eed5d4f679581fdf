package dev.exportflow.notifier.delivery.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.EventType;
import dev.exportflow.notifier.delivery.Delivery;
import dev.exportflow.notifier.delivery.DeliveryConfig;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes to {@code export-notify.dlq} what the notifier could not act on, for operators to inspect and
 * re-publish: records that are no event (their original bytes), and emails given up after the last attempt (the
 * event as received). Headers follow the worker's DLQ: {@code dead-letter-reason}, {@code dead-letter-topic},
 * and for records {@code dead-letter-partition} and {@code dead-letter-offset}.
 */
@ApplicationScoped
public class DeadLetters {

    private static final String REASON = "dead-letter-reason";
    private static final String TOPIC = "dead-letter-topic";
    private static final String PARTITION = "dead-letter-partition";
    private static final String OFFSET = "dead-letter-offset";
    /** Where SmallRye keeps the bytes of a value its deserializer refused. */
    private static final String FAILED_DATA = "deserialization-failure-data";
    private static final String FAILED_REASON = "deserialization-failure-reason";

    private final MutinyEmitter<byte[]> emitter;
    private final Duration publishTimeout;

    public DeadLetters(@Channel("export-notify-dlq") MutinyEmitter<byte[]> emitter, DeliveryConfig config) {
        this.emitter = emitter;
        this.publishTimeout = config.publishTimeout();
    }

    /** Parks a record that asks for no email; completes once Kafka has it, so that the record may be acknowledged. */
    public CompletionStage<Void> unreadable(Message<?> message, String topic) {
        Optional<IncomingKafkaRecordMetadata<?, ?>> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (IncomingKafkaRecordMetadata<?, ?>) metadata);
        Headers incoming = record.map(IncomingKafkaRecordMetadata::getHeaders).orElseGet(RecordHeaders::new);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : incoming) {
            if (!header.key().startsWith("deserialization-failure-")) {
                headers.add(header);
            }
        }
        String reason = Optional.ofNullable(text(incoming, FAILED_REASON))
                .orElse("The record is no event the notifier emails about");
        add(headers, REASON, reason);
        add(headers, TOPIC, topic);
        record.ifPresent(metadata -> {
            add(headers, PARTITION, Integer.toString(metadata.getPartition()));
            add(headers, OFFSET, Long.toString(metadata.getOffset()));
        });
        Header data = incoming.lastHeader(FAILED_DATA);
        String key = record.map(metadata -> metadata.getKey() == null ? null : metadata.getKey().toString()).orElse(null);
        return emitter.sendMessage(Message.of(data == null ? null : data.value()).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build()))
                .subscribeAsCompletionStage();
    }

    /** Parks the event of an email given up after its last attempt; waits until Kafka has it. */
    public void givenUp(Delivery delivery) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, REASON, delivery.lastError);
        add(headers, TOPIC, EventType.ofPayload(delivery.kind.eventClass()).topic());
        emitter.sendMessage(Message.of(delivery.event.getBytes(StandardCharsets.UTF_8)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(delivery.jobId.toString()).withHeaders(headers).build()))
                .await().atMost(publishTimeout);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
