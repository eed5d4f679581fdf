package dev.exportflow.worker.export;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.ClaimRetention;

import io.quarkus.logging.Log;

/**
 * Deletes claims that ended more than {@code claim-retention} ago (one day more than the request topic keeps records,
 * so that a replay still finds what is done), in batches, at every tick of its clock.
 */
@ApplicationScoped
public class ClaimPruning {

    private static final int BATCH = 1000;

    private final WorkerConfig config;
    private final ClaimRetention retention;

    public ClaimPruning(WorkerConfig config, ClaimRetention retention) {
        this.config = config;
        this.retention = retention;
    }

    void prune() {
        try {
            int total = 0;
            int deleted;
            do {
                deleted = retention.prune(config.claimRetention(), BATCH);
                total += deleted;
            } while (deleted == BATCH);
            if (total > 0) {
                Log.infof("pruned %d claim(s) that ended more than %s ago", total, config.claimRetention());
            }
        } catch (RuntimeException e) {
            Log.warnf("could not prune finished claims: %s", e.getMessage());
        }
    }
}
