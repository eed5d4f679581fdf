package dev.exportflow.api.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.outbox.Outbox;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportFailed;

import io.quarkus.logging.Log;

/**
 * The moves the api makes on its own for jobs that no worker moves (the watchdog, a request Kafka refused, an
 * operator's retry), written in the caller's transaction under the job's row lock. Statuses move by
 * {@link JobLifecycle}'s rules; a job the api fails gets the ExportFailed a worker would have sent, so that the
 * notifier tells the user.
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

    /**
     * Runs a FAILED job again as a new generation: QUEUED, generation + 1, its error, progress, file and notification
     * cleared, and the new generation's ExportRequested written. Workers fence their work by generation and the api
     * ignores reports of the old one, so a late report of the failed run moves nothing.
     *
     * @throws ProblemException 409 unless the job FAILED
     */
    public void retry(ExportJob job, Instant at) {
        if (job.status != JobStatus.FAILED) {
            throw ProblemException.of(409, "not-failed", "Only a failed export can be retried",
                    "The export is " + job.status + "; only a FAILED export runs again.");
        }
        JobLifecycle.move(job, JobStatus.QUEUED);
        int failedGeneration = job.generation;
        job.generation = failedGeneration + 1;
        job.requestedAt = at.truncatedTo(ChronoUnit.MICROS);
        job.startedAt = null;
        job.finishedAt = null;
        job.queuedAt = null;
        job.redrives = 0;
        job.redrivenAt = null;
        job.cancelRequestedAt = null;
        job.errorCode = null;
        job.errorMessage = null;
        job.errorRetryable = null;
        job.rowsWritten = null;
        job.bytesWritten = null;
        job.estimatedTotalRows = null;
        job.progressAt = null;
        clearFile(job);
        clearNotification(job);
        outbox.add(JobLifecycle.requested(job));
        Log.infof("job %s: FAILED generation %d runs again as generation %d", job.id, failedGeneration, job.generation);
    }

    private static void clearFile(ExportJob job) {
        job.fileBucket = null;
        job.fileObjectKey = null;
        job.fileName = null;
        job.fileContentType = null;
        job.fileSize = null;
        job.fileRows = null;
        job.fileSha256 = null;
        job.fileExpiresAt = null;
    }

    private static void clearNotification(ExportJob job) {
        job.notificationChannel = null;
        job.notificationAbout = null;
        job.notificationRecipient = null;
        job.notificationOutcome = null;
        job.notificationReason = null;
        job.notificationAt = null;
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
