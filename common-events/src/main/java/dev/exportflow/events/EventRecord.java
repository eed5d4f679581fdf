package dev.exportflow.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.opentelemetry.context.Context;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One event as it goes onto Kafka, built the same way by every service: the event's topic, the job id as key (all
 * events of a job share a partition), CloudEvents headers, and the trace the event continues.
 *
 * @param headers the CloudEvents headers; the trace is not among them (see {@link #toProducerRecord()} and
 *        {@link #traceContext()})
 * @param traceParent the W3C {@code traceparent} of the work the event reports on, or null
 */
public record EventRecord(String topic, String key, ExportEvent event, Headers headers, String traceParent) {

    private static final String SOURCE_PREFIX = "/exportflow/";

    /**
     * @param id the CloudEvents id: an outbox row's id, or {@link CloudEventHeaders#stableId} so that a
     *        re-publication of the same event keeps it
     * @param source the producing service, see {@link #source(String)}
     */
    public static EventRecord of(ExportEvent event, UUID id, String source, String traceParent) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.addTo(headers, CloudEventHeaders.of(id, event, source));
        return new EventRecord(EventType.of(event).topic(), event.jobId().toString(), event, headers, traceParent);
    }

    /** The CloudEvents {@code source} of a service: {@code /exportflow/<quarkus.application.name>}. */
    public static String source(String applicationName) {
        return SOURCE_PREFIX + applicationName;
    }

    /** For a plain Kafka producer, which has no tracing of its own: the trace travels in the {@code traceparent} header. */
    public ProducerRecord<String, Object> toProducerRecord() {
        RecordHeaders all = new RecordHeaders(headers.toArray());
        if (traceParent != null) {
            all.add(TraceParent.HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, key, event, all);
    }

    /**
     * For a producer whose instrumentation writes {@code traceparent} itself (the SmallRye Kafka connector): the
     * context to start the producer span in; the root context when the event continues no trace.
     */
    public Context traceContext() {
        return TraceParent.toContext(traceParent);
    }
}
