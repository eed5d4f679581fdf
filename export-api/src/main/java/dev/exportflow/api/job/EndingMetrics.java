package dev.exportflow.api.job;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/** Counts every job that ended, whoever ended it (a worker's report, the watchdog, a refused request). */
@ApplicationScoped
public class EndingMetrics {

    private final MeterRegistry metrics;

    public EndingMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    void ended(ExportJob job) {
        metrics.counter("exportflow.exports.finished", "status", job.status.name(), "dataset", job.dataset).increment();
        if (job.startedAt != null && job.finishedAt != null) {
            metrics.timer("exportflow.exports.duration", "status", job.status.name())
                    .record(Duration.between(job.startedAt, job.finishedAt));
        }
    }
}
