package dev.exportflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

class EventRecordTest {

    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final UUID JOB = UUID.fromString("5b0e2c55-6f1a-4a8e-9d5e-7a3c2b1f0e99");

    @Test
    void aRecordIsKeyedByJobOnItsTopicWithCloudEventsHeaders() {
        ExportCancelled event = new ExportCancelled(JOB, 2, Instant.parse("2026-01-31T10:15:00Z"));
        UUID id = UUID.randomUUID();

        EventRecord record = EventRecord.of(event, id, EventRecord.source("export-worker"), null);

        assertThat(record.topic()).isEqualTo(Topics.EXPORT_CANCELLED);
        assertThat(record.key()).isEqualTo(JOB.toString());
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID)).isEqualTo(id.toString());
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))
                .isEqualTo("dev.exportflow.export.cancelled.v1");
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE)).isEqualTo("/exportflow/export-worker");
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TIME)).isEqualTo("2026-01-31T10:15:00Z");
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
    }

    @Test
    void aPlainProducerCarriesTheTraceInTheTraceparentHeader() {
        EventRecord record = EventRecord.of(new ExportCancelled(JOB, 1, Instant.now()), UUID.randomUUID(), "/x", TRACE);

        ProducerRecord<String, Object> producerRecord = record.toProducerRecord();

        assertThat(CloudEventHeaders.read(producerRecord.headers(), TraceParent.HEADER)).isEqualTo(TRACE);
        assertThat(CloudEventHeaders.read(record.headers(), TraceParent.HEADER))
                .as("the instrumented connector writes traceparent itself").isNull();
        assertThat(Span.fromContext(record.traceContext()).getSpanContext().getTraceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anEventOutsideATraceStartsFromTheRootContext() {
        EventRecord record = EventRecord.of(new ExportCancelled(JOB, 1, Instant.now()), UUID.randomUUID(), "/x", null);

        assertThat(record.toProducerRecord().headers().lastHeader(TraceParent.HEADER)).isNull();
        assertThat(record.traceContext()).isSameAs(Context.root());
    }
}
