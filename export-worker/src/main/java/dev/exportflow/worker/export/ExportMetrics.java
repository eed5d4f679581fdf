package dev.exportflow.worker.export;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What operators watch: exports in progress, how long they take, how fast they go, and why they fail. */
@ApplicationScoped
public class ExportMetrics {

    private final MeterRegistry registry;
    private final Counter rows;
    private final Counter bytes;
    private final DistributionSummary rowsPerSecond;

    public ExportMetrics(MeterRegistry registry, RunningExports running) {
        this.registry = registry;
        Gauge.builder("exportflow.exports.in.progress", running, RunningExports::count)
                .description("Exports running on this replica")
                .register(registry);
        this.rows = Counter.builder("exportflow.export.rows").description("Rows written to finished files")
                .register(registry);
        this.bytes = Counter.builder("exportflow.export.bytes").description("Bytes of finished files").baseUnit("bytes")
                .register(registry);
        this.rowsPerSecond = DistributionSummary.builder("exportflow.export.throughput")
                .description("Rows per second of each finished export").baseUnit("rows/s")
                .register(registry);
    }

    void succeeded(long rowCount, long byteCount, Duration took) {
        outcome("succeeded", took);
        rows.increment(rowCount);
        bytes.increment(byteCount);
        long millis = Math.max(1, took.toMillis());
        rowsPerSecond.record(rowCount * 1000.0 / millis);
    }

    void failed(String code, Duration took) {
        outcome("failed", took);
        registry.counter("exportflow.export.failures", "code", code).increment();
    }

    /** An attempt failed and will run again; counted by code, the job is not finished. */
    void attemptFailed(String code) {
        registry.counter("exportflow.export.failures", "code", code).increment();
    }

    void cancelled(Duration took) {
        outcome("cancelled", took);
    }

    private void outcome(String outcome, Duration took) {
        Timer.builder("exportflow.export.duration").description("Time from start to end of an export run")
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }
}
