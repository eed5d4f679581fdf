package dev.exportflow.worker.export;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.ClaimLeases;
import dev.exportflow.worker.claim.WorkerDatabaseException;

import io.quarkus.logging.Log;

/**
 * Renews the leases of the runs here at every heartbeat, by their tokens; its answer stops those whose job was
 * cancelled elsewhere or taken over by another run.
 */
@ApplicationScoped
public class LeaseHeartbeat {

    private final WorkerConfig config;
    private final ClaimLeases leases;
    private final RunningExports running;

    public LeaseHeartbeat(WorkerConfig config, ClaimLeases leases, RunningExports running) {
        this.config = config;
        this.leases = leases;
        this.running = running;
    }

    void beat() {
        // taken first: a run registered after this moment is not in the renewal and must not count as lost
        long startedAt = System.nanoTime();
        Set<UUID> runs = running.runs();
        if (runs.isEmpty()) {
            return;
        }
        try {
            List<ClaimLeases.Lease> renewed = leases.renewLeases(runs, config.lease());
            running.applyLeases(renewed, startedAt);
        } catch (WorkerDatabaseException e) {
            Log.warnf("cannot renew the leases of %d running export(s): %s", runs.size(), e.getMessage());
        }
    }
}
