package dev.exportflow.worker.claim;

/** Where one job generation stands in this worker's own bookkeeping. */
public enum ClaimState {
    /** Known and waiting for a free slot (or only a cancel request is known so far). */
    PENDING,
    /** A replica holds the lease and is exporting. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
