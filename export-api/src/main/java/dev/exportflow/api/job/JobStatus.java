package dev.exportflow.api.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an export job: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}, plus
 * {@code CANCELLING} (asked, not yet stopped) and {@code EXPIRED} (the file's retention is over).
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    CANCELLING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    EXPIRED;

    /** Queued or running: counts against the per-user limit and can be cancelled. */
    public static final Set<JobStatus> ACTIVE = EnumSet.of(QUEUED, RUNNING, CANCELLING);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    public boolean terminal() {
        return !active();
    }
}
