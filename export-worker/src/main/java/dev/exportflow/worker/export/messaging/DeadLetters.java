package dev.exportflow.worker.export.messaging;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.Topics;
import dev.exportflow.events.messaging.DeadLetterParking;
import dev.exportflow.events.serde.EventJson;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Parks in {@code export-requested.dlq} what the request consumer refuses ({@link DeadLetterParking}): a record that
 * is no event with its original bytes, a refused event as it was read. While Kafka does not take it the consumer tries
 * again (0.5 s, doubling up to 30 s between tries), so that no refused record is dropped; when the application stops
 * meanwhile the record stays unacknowledged for the next start ({@link ConsumerShutdown}).
 */
@ApplicationScoped
@Retry(maxRetries = -1, maxDuration = 0, delay = 500, delayUnit = ChronoUnit.MILLIS)
@ExponentialBackoff(factor = 2, maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
public class DeadLetters {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> emitter;
    private final DeadLetterParking parking;

    public DeadLetters(@Channel("export-requested-dlq") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
        this.parking = new DeadLetterParking(this::send, (key, refusal) -> Log.warnf(
                "job %s: Kafka refused to park the record's value (%s); parked without it", key, refusal.getMessage()));
    }

    /** Parks {@code message}, refused for {@code why}; returns once Kafka has it. */
    public void park(Message<ExportEvent> message, String why) {
        ExportEvent event = message.getPayload();
        try {
            if (event == null) {
                parking.unreadable(message, Topics.EXPORT_REQUESTED, why);
            } else {
                parking.refused(message, Topics.EXPORT_REQUESTED, EventJson.write(event), why);
            }
        } catch (RuntimeException e) {
            Log.warnf("a refused record is not parked in %s yet (%s); trying again", Topics.EXPORT_REQUESTED_DLQ,
                    e.getMessage());
            throw e;
        }
    }

    private void send(String key, byte[] value, Headers headers) {
        emitter.sendMessage(Message.of(value).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build()))
                .await().atMost(ACK_TIMEOUT);
    }
}
