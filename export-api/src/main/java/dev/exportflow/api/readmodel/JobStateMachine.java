package dev.exportflow.api.readmodel;

import java.time.Duration;
import java.time.Instant;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportProgress;

/**
 * Applies worker and notifier events to a job. Events arrive twice or out of order: an event of another
 * generation, or one that would move the job backwards (progress after the end, a second ending), changes
 * nothing.
 */
public final class JobStateMachine {

    /** Whether an event changed the job. */
    public enum Result {
        APPLIED,
        IGNORED
    }

    private JobStateMachine() {
    }

    /**
     * @param fileRetention how long a finished file is kept; sets the file's {@code expiresAt}
     */
    public static Result apply(ExportJob job, ExportEvent event, Duration fileRetention) {
        if (event.generation() != job.generation) {
            return Result.IGNORED;
        }
        if (event instanceof ExportProgress progress) {
            return progress(job, progress);
        } else if (event instanceof ExportCompleted completed) {
            return completed(job, completed, fileRetention);
        } else if (event instanceof ExportFailed failed) {
            return failed(job, failed);
        } else if (event instanceof ExportCancelled cancelled) {
            return cancelled(job, cancelled);
        } else if (event instanceof ExportNotified notified) {
            return notified(job, notified);
        }
        return Result.IGNORED;
    }

    private static Result progress(ExportJob job, ExportProgress progress) {
        if (!job.status.active()) {
            return Result.IGNORED;
        }
        boolean moved = false;
        if (job.status == JobStatus.QUEUED) {
            job.status = JobStatus.RUNNING;
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

    private static Result completed(ExportJob job, ExportCompleted completed, Duration fileRetention) {
        if (!job.status.active()) {
            return Result.IGNORED;
        }
        job.status = JobStatus.SUCCEEDED;
        started(job, completed.occurredAt());
        job.finishedAt = completed.occurredAt();
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
        if (!job.status.active()) {
            return Result.IGNORED;
        }
        job.status = JobStatus.FAILED;
        job.finishedAt = failed.occurredAt();
        job.errorCode = failed.errorCode();
        job.errorMessage = failed.message();
        job.errorRetryable = failed.retryable();
        return Result.APPLIED;
    }

    private static Result cancelled(ExportJob job, ExportCancelled cancelled) {
        if (!job.status.active()) {
            return Result.IGNORED;
        }
        job.status = JobStatus.CANCELLED;
        job.finishedAt = cancelled.occurredAt();
        return Result.APPLIED;
    }

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

    private static void started(ExportJob job, Instant at) {
        if (job.startedAt == null || at.isBefore(job.startedAt)) {
            job.startedAt = at;
        }
    }
}
