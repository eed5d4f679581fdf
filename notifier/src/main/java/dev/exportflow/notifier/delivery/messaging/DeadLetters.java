package dev.exportflow.notifier.delivery.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.EventType;
import dev.exportflow.events.messaging.DeadLetterParking;
import dev.exportflow.notifier.delivery.Delivery;
import dev.exportflow.notifier.delivery.DeliveryConfig;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes to {@code export-notify.dlq} what the notifier could not act on, for operators to inspect and
 * re-publish: records that are no event (their original bytes), events it refused (as read), and emails given up
 * after the last attempt (the event as received). Headers as {@link DeadLetterParking} writes them, the worker's too.
 * Each method returns once Kafka has the record and throws when it does not.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<byte[]> emitter;
    private final Duration publishTimeout;
    private final DeadLetterParking parking;

    public DeadLetters(@Channel("export-notify-dlq") MutinyEmitter<byte[]> emitter, DeliveryConfig config) {
        this.emitter = emitter;
        this.publishTimeout = config.publishTimeout();
        this.parking = new DeadLetterParking(this::send, (key, refusal) -> Log.warnf(
                "job %s: Kafka refused to park the record's value (%s); parked without it", key, refusal.getMessage()));
    }

    /** Parks a record that is no event the notifier emails about, with its original bytes. */
    public void unreadable(Message<?> message, String topic) {
        parking.unreadable(message, topic, "The record is no event the notifier emails about");
    }

    /** Parks an event the notifier refused to act on, as it was read. */
    public void refused(Message<?> message, String topic, byte[] event, Refusal refusal) {
        parking.refused(message, topic, event, refusal.describe());
    }

    /** Parks the event of an email given up after its last attempt. */
    public void givenUp(Delivery delivery) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterParking.add(headers, DeadLetterParking.REASON, delivery.lastError);
        DeadLetterParking.add(headers, DeadLetterParking.TOPIC, EventType.ofPayload(delivery.kind.eventClass()).topic());
        send(delivery.jobId.toString(), delivery.event.getBytes(StandardCharsets.UTF_8), headers);
    }

    private void send(String key, byte[] value, Headers headers) {
        emitter.sendMessage(Message.of(value).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build()))
                .await().atMost(publishTimeout);
    }
}
