package dev.exportflow.events;

import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The W3C trace context of an export ({@code traceparent}), kept where its work waits (the api's outbox row, the
 * worker's claim, the notifier's delivery) so that events published later continue the trace of the request that
 * started the export. Kafka carries it in the {@value #HEADER} header, which OpenTelemetry's instrumentation of the
 * connector reads and writes.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParent() {
    }

    /** The {@code traceparent} of the span in {@code context}, or null when there is none. */
    public static String of(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** A context whose parent span is {@code traceParent}; the root context when it is null or malformed. */
    public static Context toContext(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceParent), MAP);
    }

    /** The trace id of a {@code traceparent}, or null when it is malformed. */
    public static String traceId(String traceParent) {
        SpanContext span = Span.fromContext(toContext(traceParent)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
