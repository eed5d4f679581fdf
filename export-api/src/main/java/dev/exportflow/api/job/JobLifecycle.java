package dev.exportflow.api.job;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.exportflow.api.outbox.Outbox;
import dev.exportflow.api.problem.Problem;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.retention.RetentionConfig;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;

import io.quarkus.logging.Log;

/**
 * Every move of a job through its life, with its guards and the outbox event it causes, written in the caller's
 * transaction: the one place that assigns {@link ExportJob#status}. The allowed moves are {@link JobStatus#next()}.
 * Worker and notifier reports arrive twice or out of order: one of another generation, or one that would move the job
 * backwards (progress after the end, a second ending), changes nothing.
 */
@ApplicationScoped
public class JobLifecycle {

    /** Whether a report changed the job. */
    public enum Result {
        APPLIED,
        IGNORED
    }

    private final Outbox outbox;
    private final Duration fileRetention;
    private final Duration resendInterval;

    @Inject
    public JobLifecycle(Outbox outbox, RetentionConfig retention, JobLimitsConfig limits) {
        this(outbox, retention.fileRetention(), limits.resendInterval());
    }

    /**
     * @param fileRetention how long a finished file is kept; sets the file's {@code expiresAt}
     * @param resendInterval the shortest time between two resends of a job's email
     */
    JobLifecycle(Outbox outbox, Duration fileRetention, Duration resendInterval) {
        this.outbox = outbox;
        this.fileRetention = fileRetention;
        this.resendInterval = resendInterval;
    }

    /**
     * Makes a new job QUEUED, generation 1, requested now, and returns its ExportRequested. A POST stores both in one
     * statement with its checks ({@link NewJobStore#submit}).
     */
    public ExportRequested queueNew(ExportJob job) {
        job.status = JobStatus.QUEUED;
        job.generation = 1;
        // PostgreSQL keeps microseconds: store what we return, so that cursors compare equal.
        job.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        job.requestedAt = job.createdAt;
        return requested(job);
    }

    /** The ExportRequested of a job's current generation: the same event for its first publication and every re-drive. */
    static ExportRequested requested(ExportJob job) {
        Instant at = job.requestedAt != null ? job.requestedAt : job.createdAt;
        return new ExportRequested(job.id, job.generation, at, job.requester(), job.dataset, job.parameters, job.format,
                job.options, at);
    }

    /**
     * Asks the worker to stop: QUEUED or RUNNING become CANCELLING and an ExportCancelRequested is written. Asking
     * again changes nothing.
     *
     * @throws ProblemException 409 for a job that already ended
     */
    public void requestCancel(ExportJob job, String requestedBy) {
        if (job.status == JobStatus.CANCELLING || job.status == JobStatus.CANCELLED) {
            Log.debugf("job %s: cancel asked again; already %s", job.id, job.status);
            return;
        }
        if (!job.status.mayMoveTo(JobStatus.CANCELLING)) {
            throw ProblemException.of(409, "job-finished", "The export has already finished",
                    "The export ended as " + job.status + " and cannot be cancelled.");
        }
        move(job, JobStatus.CANCELLING);
        job.cancelRequestedAt = Instant.now();
        outbox.add(new ExportCancelRequested(job.id, job.generation, job.cancelRequestedAt));
        Log.infof("job %s: cancel requested by %s", job.id, requestedBy);
    }

    /**
     * Asks for the email of a finished export again: writes an ExportResendRequested with a fresh request id (the
     * notifier sends one email per request). The status stays.
     *
     * @param requester who asked, and where the email goes
     * @throws ProblemException 410 when the file expired or the export was deleted, 409 unless the job SUCCEEDED, 429
     *         when asked again within the resend interval
     */
    public void requestResend(ExportJob job, Requester requester) {
        if (job.status == JobStatus.EXPIRED) {
            throw ProblemException.of(410, "file-expired", "The file has expired",
                    "The file of this export was deleted after its retention period. Start a new export.");
        }
        if (job.status == JobStatus.DELETED) {
            throw ProblemException.of(410, "export-deleted", "The export was deleted",
                    "You deleted this export and its file. Start a new export.");
        }
        if (job.status != JobStatus.SUCCEEDED) {
            throw ProblemException.of(409, "file-not-ready", "The file is not ready",
                    "The export is " + job.status + "; only a finished export's email can be sent again.");
        }
        Instant now = Instant.now();
        if (job.lastResendAt != null && job.lastResendAt.plus(resendInterval).isAfter(now)) {
            long wait = Math.max(1, Duration.between(now, job.lastResendAt.plus(resendInterval)).toSeconds());
            throw new ProblemException(new Problem(
                    Problem.TYPE_BASE + "resend-too-soon", "Sent moments ago", 429,
                    "The email was sent again moments ago. Check your inbox (and spam folder) or wait a minute.",
                    null, null, null), Map.of("Retry-After", Long.toString(wait)));
        }
        job.lastResendAt = now;
        outbox.add(new ExportResendRequested(job.id, job.generation, now, UUID.randomUUID(), requester, job.dataset,
                job.datasetTitle, job.fileName, job.fileContentType, job.fileRows == null ? 0 : job.fileRows,
                job.fileSize == null ? 0 : job.fileSize, job.fileSha256));
        Log.infof("job %s: %s asked for the email again", job.id, requester.userId());
    }

    /** A SUCCEEDED job whose file was deleted becomes EXPIRED. */
    public void expire(ExportJob job, Instant at) {
        move(job, JobStatus.EXPIRED);
        job.expiredAt = at;
    }

    /**
     * The owner deletes an ended export: it becomes DELETED, so that its download and emailed links answer 410 from
     * the commit on (the file itself is deleted afterwards). Deleting it again changes nothing.
     *
     * @throws ProblemException 409 while the export is queued, running or being cancelled
     */
    public void delete(ExportJob job, Instant at) {
        if (job.status == JobStatus.DELETED) {
            Log.debugf("job %s: delete asked again", job.id);
            return;
        }
        if (!job.status.mayMoveTo(JobStatus.DELETED)) {
            String next = job.status == JobStatus.CANCELLING ? "It is being cancelled: delete it once it is CANCELLED."
                    : "Cancel it first (POST " + JobView.path(job.id) + "/cancel), then delete it once it is CANCELLED.";
            throw ProblemException.of(409, "job-active", "The export has not ended",
                    "The export is " + job.status + " and cannot be deleted yet. " + next);
        }
        move(job, JobStatus.DELETED);
        job.deletedAt = at;
        Log.infof("job %s: deleted by its owner", job.id);
    }

    /** Applies what a worker or the notifier reported about the job. */
    public Result apply(ExportJob job, ExportEvent report) {
        if (report.generation() != job.generation) {
            return Result.IGNORED;
        }
        if (report instanceof ExportProgress progress) {
            return progress(job, progress);
        } else if (report instanceof ExportCompleted completed) {
            return completed(job, completed);
        } else if (report instanceof ExportFailed failed) {
            return failed(job, failed);
        } else if (report instanceof ExportCancelled cancelled) {
            return cancelled(job, cancelled);
        } else if (report instanceof ExportNotified notified) {
            return notified(job, notified);
        } else if (report instanceof ExportQueued queued) {
            return queued(job, queued);
        }
        return Result.IGNORED;
    }

    private static Result progress(ExportJob job, ExportProgress progress) {
        if (!job.status.active()) {
            return Result.IGNORED;
        }
        boolean moved = false;
        if (job.status == JobStatus.QUEUED) {
            move(job, JobStatus.RUNNING);
            moved = true;
        }
        started(job, progress.occurredAt());
        if (job.rowsWritten == null || progress.rows() > job.rowsWritten) {
            job.rowsWritten = progress.rows();
            moved = true;
        }
        if (job.bytesWritten == null || progress.bytes() > job.bytesWritten) {
            job.bytesWritten = progress.bytes();
            moved = true;
        }
        if (progress.estimatedTotalRows() != null && !progress.estimatedTotalRows().equals(job.estimatedTotalRows)) {
            job.estimatedTotalRows = progress.estimatedTotalRows();
            moved = true;
        }
        if (moved) {
            job.progressAt = progress.occurredAt();
        }
        return moved ? Result.APPLIED : Result.IGNORED;
    }

    private Result completed(ExportJob job, ExportCompleted completed) {
        if (!end(job, JobStatus.SUCCEEDED, completed.occurredAt())) {
            return Result.IGNORED;
        }
        // an export that ends before its first progress report is seen running only here; a start after the end is
        // two clocks apart (the worker database's and the worker's)
        Instant startedAt = completed.startedAt();
        started(job, startedAt != null && startedAt.isBefore(completed.occurredAt()) ? startedAt : completed.occurredAt());
        job.rowsWritten = completed.rows();
        job.bytesWritten = completed.bytes();
        job.fileBucket = completed.bucket();
        job.fileObjectKey = completed.objectKey();
        job.fileName = completed.fileName();
        job.fileContentType = completed.contentType();
        job.fileSize = completed.bytes();
        job.fileRows = completed.rows();
        job.fileSha256 = completed.sha256();
        job.fileExpiresAt = completed.occurredAt().plus(fileRetention);
        return Result.APPLIED;
    }

    private static Result failed(ExportJob job, ExportFailed failed) {
        if (!end(job, JobStatus.FAILED, failed.occurredAt())) {
            return Result.IGNORED;
        }
        job.errorCode = failed.errorCode();
        job.errorMessage = failed.message();
        job.errorRetryable = failed.retryable();
        return Result.APPLIED;
    }

    private static Result cancelled(ExportJob job, ExportCancelled cancelled) {
        return end(job, JobStatus.CANCELLED, cancelled.occurredAt()) ? Result.APPLIED : Result.IGNORED;
    }

    /** The latest notification (by the time it happened) wins, whatever the order of arrival. */
    private static Result notified(ExportJob job, ExportNotified notified) {
        if (job.notificationAt != null && notified.occurredAt().isBefore(job.notificationAt)) {
            return Result.IGNORED;
        }
        job.notificationChannel = notified.channel();
        job.notificationAbout = notified.about();
        job.notificationRecipient = notified.recipient();
        job.notificationOutcome = notified.outcome() == null ? null : notified.outcome().name();
        job.notificationReason = notified.reason();
        job.notificationAt = notified.occurredAt();
        return Result.APPLIED;
    }

    /** A worker holds the request (the status stays QUEUED): the watchdog stops sending it again. The first wins. */
    private static Result queued(ExportJob job, ExportQueued queued) {
        if (job.status != JobStatus.QUEUED || job.queuedAt != null) {
            return Result.IGNORED;
        }
        job.queuedAt = queued.occurredAt();
        return Result.APPLIED;
    }

    /**
     * Ends the job as {@code ending} at {@code at}, unless it cannot move there (it ended already).
     *
     * @return whether it ended now
     */
    static boolean end(ExportJob job, JobStatus ending, Instant at) {
        if (!job.status.mayMoveTo(ending)) {
            return false;
        }
        move(job, ending);
        job.finishedAt = at;
        return true;
    }

    private static void started(ExportJob job, Instant at) {
        if (job.startedAt == null || at.isBefore(job.startedAt)) {
            job.startedAt = at;
        }
    }

    static void move(ExportJob job, JobStatus to) {
        if (!job.status.mayMoveTo(to)) {
            throw new IllegalStateException("job " + job.id + " cannot move from " + job.status + " to " + to);
        }
        job.status = to;
    }
}
