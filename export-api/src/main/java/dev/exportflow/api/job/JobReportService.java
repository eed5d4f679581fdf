package dev.exportflow.api.job;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.exportflow.api.job.JobLifecycle.Result;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportProgress;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Applies one worker or notifier report to its job through {@link JobLifecycle}, in a transaction of its own under the
 * job's row lock. Progress reports are throttled per job ({@link ProgressThrottle}); an ending is counted in the
 * export metrics.
 */
@ApplicationScoped
public class JobReportService {

    /** How often a report is tried before its failure is the caller's. */
    public static final int ATTEMPTS = 3;

    private final ProgressThrottle throttle;
    private final JobLifecycle lifecycle;
    private final MeterRegistry metrics;

    public JobReportService(JobReportConfig config, JobLifecycle lifecycle, MeterRegistry metrics) {
        this.throttle = new ProgressThrottle(config.progressInterval(), System::nanoTime);
        this.lifecycle = lifecycle;
        this.metrics = metrics;
    }

    /**
     * A failed transaction (a lock timeout, a dropped connection) is tried again, 200 then 400 ms later: the retry
     * wraps the whole transaction, so each attempt reads the job afresh.
     */
    @Retry(maxRetries = ATTEMPTS - 1, delay = 200, jitter = 0)
    @ExponentialBackoff
    public Result apply(ExportEvent report) {
        if (report instanceof ExportProgress && throttle.skip(report.jobId())) {
            return Result.IGNORED;
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> applyLocked(report));
        } catch (RuntimeException e) {
            Log.warnf("job %s: applying %s failed: %s", report.jobId(), EventType.of(report).ceType(), e.getMessage());
            throw e;
        }
    }

    private Result applyLocked(ExportEvent report) {
        ExportJob job = ExportJob.findById(report.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            Log.warnf("job %s: %s for an unknown job; ignored", report.jobId(), EventType.of(report).ceType());
            return Result.IGNORED;
        }
        JobStatus before = job.status;
        Result result = lifecycle.apply(job, report);
        if (result == Result.IGNORED) {
            Log.debugf("job %s: ignored %s of generation %d (job is %s, generation %d)", job.id,
                    EventType.of(report).ceType(), report.generation(), job.status, job.generation);
        } else if (before != job.status) {
            Log.infof("job %s: %s -> %s", job.id, before, job.status);
            if (job.status.terminal()) {
                ended(job);
            }
        }
        if (report instanceof ExportProgress && result == Result.APPLIED) {
            throttle.written(job.id);
        }
        return result;
    }

    private void ended(ExportJob job) {
        throttle.ended(job.id);
        metrics.counter("exportflow.exports.finished", "status", job.status.name(), "dataset", job.dataset).increment();
        if (job.startedAt != null && job.finishedAt != null) {
            metrics.timer("exportflow.exports.duration", "status", job.status.name())
                    .record(Duration.between(job.startedAt, job.finishedAt));
        }
    }
}
