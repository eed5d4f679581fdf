package dev.exportflow.worker.export;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimLeases;
import dev.exportflow.worker.claim.JobKey;

import io.quarkus.logging.Log;

/** The exports running on this replica, by job generation. */
@ApplicationScoped
public class RunningExports {

    private final Map<JobKey, RunningExport> running = new ConcurrentHashMap<>();

    RunningExport start(Claim claim) {
        RunningExport export = new RunningExport(claim);
        running.put(claim.key(), export);
        return export;
    }

    void finish(RunningExport export) {
        running.remove(export.key(), export);
    }

    public int count() {
        return running.size();
    }

    public Collection<RunningExport> all() {
        return List.copyOf(running.values());
    }

    /** Stops the export at once when it runs here; otherwise its owner sees the flag at its next heartbeat. */
    public boolean cancel(JobKey key) {
        RunningExport export = running.get(key);
        if (export == null) {
            return false;
        }
        Log.infof("job %s: cancel requested, stopping the export", key);
        export.stop(ExportStopped.Reason.CANCELLED);
        return true;
    }

    /**
     * Applies a heartbeat's answer: cancel flags set elsewhere, and leases lost to another replica (an export
     * registered before the heartbeat began whose lease was not renewed).
     */
    void applyLeases(List<ClaimLeases.Lease> leases, long heartbeatStartedAt) {
        Set<JobKey> renewed = leases.stream().map(ClaimLeases.Lease::key).collect(Collectors.toSet());
        for (ClaimLeases.Lease lease : leases) {
            RunningExport export = running.get(lease.key());
            if (export != null && lease.cancelRequested() && export.stopReason() == null) {
                Log.infof("job %s: cancel requested, stopping the export", lease.key());
                export.stop(ExportStopped.Reason.CANCELLED);
            }
        }
        for (RunningExport export : running.values()) {
            boolean startedBeforeHeartbeat = export.registeredAt() - heartbeatStartedAt < 0;
            if (!renewed.contains(export.key()) && startedBeforeHeartbeat && export.stopReason() == null) {
                Log.warnf("job %s: the lease was lost to another replica, stopping without a result", export.key());
                export.stop(ExportStopped.Reason.LEASE_LOST);
            }
        }
    }

    /** On shutdown: every export still running stops and goes back to the queue. */
    void handBackAll() {
        running.values().forEach(export -> export.stop(ExportStopped.Reason.HANDED_BACK));
    }
}
