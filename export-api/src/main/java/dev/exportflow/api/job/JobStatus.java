package dev.exportflow.api.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an export job: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}, plus
 * {@code CANCELLING} (asked, not yet stopped), {@code EXPIRED} (the file's retention is over) and {@code DELETED} (the
 * owner deleted the export).
 * {@link #next()} is the transition table; {@link JobLifecycle} performs the moves.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    CANCELLING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    EXPIRED,
    /** The owner deleted the export (an ended one): its file and links are gone. */
    DELETED;

    /** Queued or running: counts against the per-user limit and can be cancelled. */
    public static final Set<JobStatus> ACTIVE = EnumSet.of(QUEUED, RUNNING, CANCELLING);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    public boolean terminal() {
        return !active();
    }

    /**
     * The statuses a job in this status may move to. A worker that finished first wins over a cancellation, so an
     * active job may end in any way; an ended job may be deleted; nothing moves back within a generation. A FAILED job
     * may be queued again by an operator's retry, which starts a new generation (reports of the old one are ignored).
     */
    public Set<JobStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(CANCELLING, SUCCEEDED, FAILED, CANCELLED);
            case CANCELLING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case SUCCEEDED -> EnumSet.of(EXPIRED, DELETED);
            case FAILED -> EnumSet.of(QUEUED, DELETED);
            case CANCELLED, EXPIRED -> EnumSet.of(DELETED);
            case DELETED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    public boolean mayMoveTo(JobStatus status) {
        return next().contains(status);
    }
}
