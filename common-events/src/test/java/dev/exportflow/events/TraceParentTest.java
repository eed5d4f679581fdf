package dev.exportflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

class TraceParentTest {

    private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aTraceParentSurvivesTheRoundTripThroughAContext() {
        Context context = TraceParent.toContext(SAMPLED);

        assertThat(Span.fromContext(context).getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.of(context)).isEqualTo(SAMPLED);
        assertThat(TraceParent.traceId(SAMPLED)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void noSpanMeansNoTraceParent() {
        assertThat(TraceParent.of(Context.root())).isNull();
        assertThat(TraceParent.toContext(null)).isSameAs(Context.root());
    }

    @Test
    void aMalformedTraceParentStartsNothing() {
        assertThat(TraceParent.traceId("00-not-a-trace-01")).isNull();
        assertThat(TraceParent.of(TraceParent.toContext("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))).isNull();
    }
}
