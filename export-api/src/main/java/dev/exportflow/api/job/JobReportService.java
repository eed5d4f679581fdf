package dev.exportflow.api.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
 * Applies worker and notifier reports to their jobs through {@link JobLifecycle}, under each job's row lock, once
 * {@link ReportCheck} has found them valid for their job. The reports of one poll go in one transaction: a consumer
 * that has fallen behind catches up at one commit per batch, not one per report. Progress reports are throttled per
 * job ({@link ProgressThrottle}). One attempt: the caller decides about trying again.
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

    /** A report that is never applied, and why. */
    public record Refusal(ExportEvent report, RefusedEventException cause) {
    }

    /**
     * Applies the reports in their order, after locking all their jobs at once. A report that breaks a rule or names an
     * unknown job is refused alone; a value the store refuses shows only at the commit and fails the whole transaction,
     * so then the reports are applied again one per transaction and only the bad one is refused. A report applied
     * twice (a retry after an outage, a replay) changes nothing the second time.
     *
     * @return the refused reports, none of which changed anything
     * @throws JobStoreException when the job store failed; the same reports may succeed later
     */
    public List<Refusal> apply(List<ExportEvent> reports) {
        List<ExportEvent> due = reports.stream()
                .filter(report -> !(report instanceof ExportProgress && throttle.skip(report.jobId())))
                .toList();
        if (due.size() > 1) {
            try {
                return inOneTransaction(due);
            } catch (JobStoreException e) {
                throw e;
            } catch (RuntimeException e) {
                Log.infof("%d reports failed together (%s); applying them one by one to find the one at fault", due.size(),
                        e.getMessage());
            }
        }
        List<Refusal> refused = new ArrayList<>();
        for (ExportEvent report : due) {
            try {
                refused.addAll(inOneTransaction(List.of(report)));
            } catch (RefusedEventException e) {
                refused.add(new Refusal(report, e));
            }
        }
        return refused;
    }

    /**
     * @return the reports refused by the rules (before they changed anything), while the others were applied
     * @throws RefusedEventException when the store refused a value, or applying failed in a way no retry changes:
     *         nothing was applied
     * @throws JobStoreException when the job store failed: nothing was applied
     */
    private List<Refusal> inOneTransaction(List<ExportEvent> reports) {
        List<Refusal> refused = new ArrayList<>();
        List<Runnable> afterCommit = new ArrayList<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                lockJobsOf(reports);
                for (ExportEvent report : reports) {
                    try {
                        applyLocked(report, afterCommit);
                    } catch (RefusedEventException e) {
                        refused.add(new Refusal(report, e)); // thrown before it changed its job
                    }
                }
            });
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
        afterCommit.forEach(Runnable::run);
        return refused;
    }

    /**
     * Locks the jobs of several reports with one statement instead of one round trip each (the transaction holds the
     * rows for less time), in the order of their ids, so that two channels' transactions never wait for each other in
     * a circle (the sweeps that lock several jobs skip locked rows). The jobs stay in the session: {@link #applyLocked}
     * finds them there.
     */
    private static void lockJobsOf(List<ExportEvent> reports) {
        List<UUID> jobs = reports.stream().map(ExportEvent::jobId).distinct().toList();
        if (jobs.size() > 1) {
            ExportJob.find("id in ?1 order by id", jobs).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        }
    }

    /** @param afterCommit what to do once the change is committed (logs, throttle, metrics): a rollback undoes none */
    private void applyLocked(ExportEvent report, List<Runnable> afterCommit) {
        ExportJob job = ExportJob.findById(report.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new RefusedEventException("unknown-job", "no such job");
        }
        check.check(job, report);
        JobStatus before = job.status;
        Result result = lifecycle.apply(job, report);
        JobStatus after = job.status;
        if (result == Result.IGNORED) {
            Log.debugf("job %s: ignored %s of generation %d (job is %s, generation %d)", job.id,
                    EventType.of(report).ceType(), report.generation(), job.status, job.generation);
        } else if (before != after) {
            afterCommit.add(() -> {
                Log.infof("job %s: %s -> %s", job.id, before, after);
                if (after.terminal()) {
                    throttle.ended(job.id);
                    endings.ended(job);
                }
            });
        }
        if (report instanceof ExportProgress && result == Result.APPLIED) {
            afterCommit.add(() -> throttle.written(job.id));
        }
    }
}
