package dev.exportflow.worker.export;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.WorkerIdentity;
import dev.exportflow.worker.claim.ClaimLeases;
import dev.exportflow.worker.claim.WorkerDatabaseException;

import io.quarkus.logging.Log;

/**
 * Renews the leases of the exports running here at every heartbeat; its answer stops those whose job was cancelled
 * elsewhere or taken over by another replica.
 */
@ApplicationScoped
public class LeaseHeartbeat {

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final ClaimLeases leases;
    private final RunningExports running;

    public LeaseHeartbeat(WorkerConfig config, WorkerIdentity identity, ClaimLeases leases, RunningExports running) {
        this.config = config;
        this.identity = identity;
        this.leases = leases;
        this.running = running;
    }

    void beat() {
        if (running.count() == 0) {
            return;
        }
        long startedAt = System.nanoTime();
        try {
            List<ClaimLeases.Lease> renewed = leases.renewLeases(identity.id(), config.lease());
            running.applyLeases(renewed, startedAt);
        } catch (WorkerDatabaseException e) {
            Log.warnf("cannot renew the leases of %d running export(s): %s", running.count(), e.getMessage());
        }
    }
}
