package dev.exportflow.worker.export.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventRecord;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportProgress;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the worker's events, each to its own topic, keyed by job id, with CloudEvents headers whose id is
 * stable for the same job, generation and kind, so a re-publication is recognisably the same event.
 * Outcome events wait for the broker's acknowledgement ({@code acks=all}, idempotent producer).
 */
@ApplicationScoped
public class EventPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<ExportEvent> emitter;
    private final String source;

    public EventPublisher(@Channel("export-events") MutinyEmitter<ExportEvent> emitter,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.emitter = emitter;
        this.source = EventRecord.source(applicationName);
    }

    /**
     * Publishes an outcome and waits until the broker has it.
     *
     * @throws PublishException when the broker did not acknowledge in time
     */
    public void publish(ExportEvent event) {
        publish(event, null);
    }

    /**
     * Publishes an outcome in the trace of the job's request and waits until the broker has it.
     *
     * @param traceParent the trace to continue (W3C {@code traceparent}); null for the current one
     * @throws PublishException when the broker did not acknowledge in time
     */
    public void publish(ExportEvent event, String traceParent) {
        try {
            emitter.sendMessage(message(event, EventType.of(event).name(), traceParent)).await().atMost(ACK_TIMEOUT);
        } catch (RuntimeException e) {
            throw new PublishException("Publishing " + EventType.of(event).ceType() + " of job " + event.jobId() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Progress is best effort: a lost progress event is followed by the next one a second later. */
    public void publishProgress(ExportProgress progress, String traceParent) {
        try {
            emitter.sendMessageAndForget(message(progress, Long.toString(progress.rows()), traceParent));
        } catch (RuntimeException e) {
            Log.debugf("job %s/%d: progress not published: %s", progress.jobId(), progress.generation(), e.getMessage());
        }
    }

    private Message<ExportEvent> message(ExportEvent event, String discriminator, String traceParent) {
        EventRecord record = EventRecord.of(event, CloudEventHeaders.stableId(event, discriminator), source, traceParent);
        Message<ExportEvent> message = Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic()).withKey(record.key()).withHeaders(record.headers()).build());
        // the connector's tracing starts the producer span under this context and writes it to the traceparent header
        return traceParent == null ? message : message.addMetadata(TracingMetadata.withCurrent(record.traceContext()));
    }

    /** The broker did not take an event. */
    public static class PublishException extends RuntimeException {

        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
