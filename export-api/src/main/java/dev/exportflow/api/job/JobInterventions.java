package dev.exportflow.api.job;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.outbox.Outbox;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportFailed;

import io.quarkus.logging.Log;

/**
 * The moves the api makes on its own for jobs that no worker moves (the watchdog, a request Kafka refused), written in
 * the caller's transaction under the job's row lock. Statuses move by {@link JobLifecycle}'s rules; a job the api
 * fails gets the ExportFailed a worker would have sent, so that the notifier tells the user.
 */
@ApplicationScoped
public class JobInterventions {

    private final Outbox outbox;
    private final EndingMetrics endings;

    public JobInterventions(Outbox outbox, EndingMetrics endings) {
        this.outbox = outbox;
        this.endings = endings;
    }

    /**
     * Writes the request of a QUEUED job, or the cancel request of a CANCELLING one, again: the same event of the same
     * generation, which a worker that has it already treats as the duplicate it is.
     */
    public void redrive(ExportJob job, Instant at) {
        switch (job.status) {
            case QUEUED -> outbox.add(JobLifecycle.requested(job));
            case CANCELLING -> outbox.add(new ExportCancelRequested(job.id, job.generation,
                    job.cancelRequestedAt == null ? at : job.cancelRequestedAt));
            default -> throw new IllegalStateException("job " + job.id + " is " + job.status + ": nothing to re-drive");
        }
        job.redrives++;
        job.redrivenAt = at;
    }

    /** Ends an active job FAILED with {@code errorCode}, and writes its ExportFailed (requester, dataset, title). */
    public void fail(ExportJob job, String errorCode, String message, boolean retryable, Instant at) {
        JobStatus before = job.status;
        if (!JobLifecycle.end(job, JobStatus.FAILED, at)) {
            throw new IllegalStateException("job " + job.id + " is " + job.status + " and cannot fail any more");
        }
        job.errorCode = errorCode;
        job.errorMessage = message;
        job.errorRetryable = retryable;
        outbox.add(new ExportFailed(job.id, job.generation, at, job.requester(), job.dataset, job.datasetTitle, errorCode,
                message, 0, retryable));
        endings.ended(job);
        Log.infof("job %s: %s -> FAILED %s", job.id, before, errorCode);
    }

    /** Asks the workers to drop the request of a job that ended without them (one may still hold it). */
    public void withdrawRequest(ExportJob job, Instant at) {
        outbox.add(new ExportCancelRequested(job.id, job.generation, at));
    }

    /** Ends a CANCELLING job that no worker confirmed: the user asked for it to stop, so nobody is told. */
    public void cancelUnconfirmed(ExportJob job, Instant at) {
        if (job.status != JobStatus.CANCELLING || !JobLifecycle.end(job, JobStatus.CANCELLED, at)) {
            throw new IllegalStateException("job " + job.id + " is " + job.status + ", not CANCELLING");
        }
        endings.ended(job);
        Log.infof("job %s: CANCELLING -> CANCELLED without a worker's confirmation", job.id);
    }
}
