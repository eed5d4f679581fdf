package dev.exportflow.worker.claim;

import java.util.UUID;

/** One generation of one job: the unit the worker claims, runs and finishes. */
public record JobKey(UUID jobId, int generation) {

    @Override
    public String toString() {
        return jobId + "/" + generation;
    }
}
