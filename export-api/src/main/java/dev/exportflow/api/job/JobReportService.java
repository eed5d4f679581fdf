package dev.exportflow.api.job;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.exportflow.api.job.JobLifecycle.Result;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.storage.StorageConfig;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Applies one worker or notifier report to its job through {@link JobLifecycle}, in a transaction of its own under the
 * job's row lock, once {@link ReportCheck} has found it valid for that job. Progress reports are throttled per job
 * ({@link ProgressThrottle}). One attempt: the caller decides about trying again.
 */
@ApplicationScoped
public class JobReportService {

    private final ProgressThrottle throttle;
    private final JobLifecycle lifecycle;
    private final ReportCheck check;
    private final EndingMetrics endings;

    public JobReportService(JobReportConfig config, JobLifecycle lifecycle, StorageConfig storage, EndingMetrics endings) {
        this.throttle = new ProgressThrottle(config.progressInterval(), System::nanoTime);
        this.lifecycle = lifecycle;
        this.check = new ReportCheck(storage.bucket(), Clock.systemUTC());
        this.endings = endings;
    }

    /**
     * @throws RefusedEventException for a report that must never be applied: it breaks a rule, names an unknown job,
     *         holds values the store refuses, or fails in a way no retry changes
     * @throws JobStoreException when the job store failed; the same report may succeed later
     */
    public Result apply(ExportEvent report) {
        if (report instanceof ExportProgress && throttle.skip(report.jobId())) {
            return Result.IGNORED;
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> applyLocked(report));
        } catch (RefusedEventException e) {
            throw e;
        } catch (RuntimeException e) {
            if (StoreFailures.refusedValues(e)) {
                throw new RefusedEventException("store-refused", "the job store refused its values: " + e.getMessage(), e);
            }
            if (StoreFailures.fromStore(e)) {
                throw new JobStoreException("the job store failed (SQL state " + StoreFailures.sqlState(e) + "): "
                        + e.getMessage(), e);
            }
            throw new RefusedEventException("error", "applying it failed: " + e, e);
        }
    }

    private Result applyLocked(ExportEvent report) {
        ExportJob job = ExportJob.findById(report.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new RefusedEventException("unknown-job", "no such job");
        }
        check.check(job, report);
        JobStatus before = job.status;
        Result result = lifecycle.apply(job, report);
        if (result == Result.IGNORED) {
            Log.debugf("job %s: ignored %s of generation %d (job is %s, generation %d)", job.id,
                    EventType.of(report).ceType(), report.generation(), job.status, job.generation);
        } else if (before != job.status) {
            Log.infof("job %s: %s -> %s", job.id, before, job.status);
            if (job.status.terminal()) {
                throttle.ended(job.id);
                endings.ended(job);
            }
        }
        if (report instanceof ExportProgress && result == Result.APPLIED) {
            throttle.written(job.id);
        }
        return result;
    }
}
