package dev.exportflow.worker.claim;

import java.util.UUID;

/**
 * One run of a job generation: the token it got when it took the claim fences every write it makes, so a run whose
 * lease passed to another run (of another replica, or of the same one) can no longer change the claim.
 */
public record Run(JobKey key, UUID token) {

    @Override
    public String toString() {
        return key + " (run " + token.toString().substring(0, 8) + ")";
    }
}
