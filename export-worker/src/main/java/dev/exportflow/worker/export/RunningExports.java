package dev.exportflow.worker.export;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimLeases;
import dev.exportflow.worker.claim.JobKey;

import io.quarkus.logging.Log;

/**
 * The exports running on this replica, by run: a replica whose lease expired may have re-claimed the same job while its
 * old run still ran, and both must be told apart to stop the old one.
 */
@ApplicationScoped
public class RunningExports {

    private final Map<UUID, RunningExport> running = new ConcurrentHashMap<>();

    RunningExport start(Claim claim) {
        RunningExport export = new RunningExport(claim);
        running.put(claim.runToken(), export);
        return export;
    }

    void finish(RunningExport export) {
        running.remove(export.run().token(), export);
    }

    public int count() {
        return running.size();
    }

    public Collection<RunningExport> all() {
        return List.copyOf(running.values());
    }

    /** The tokens of the runs here, whose leases the heartbeat renews. */
    Set<UUID> runs() {
        return Set.copyOf(running.keySet());
    }

    /** Stops the job's runs at once when they run here; otherwise their replica sees the flag at its next heartbeat. */
    public boolean cancel(JobKey key) {
        boolean found = false;
        for (RunningExport export : running.values()) {
            if (export.key().equals(key)) {
                Log.infof("job %s: cancel requested, stopping the export", export.run());
                export.stop(ExportStopped.Reason.CANCELLED);
                found = true;
            }
        }
        return found;
    }

    /**
     * Applies a heartbeat's answer: cancel flags set elsewhere, and leases lost to another run (a run registered before
     * the heartbeat began whose lease was not renewed). A run that is recording its ending is left alone: its claim
     * stops counting as running when that ending commits, which the heartbeat may see before the run is unregistered.
     */
    void applyLeases(List<ClaimLeases.Lease> leases, long heartbeatStartedAt) {
        Set<UUID> renewed = leases.stream().map(lease -> lease.run().token()).collect(Collectors.toSet());
        for (ClaimLeases.Lease lease : leases) {
            RunningExport export = running.get(lease.run().token());
            if (export != null && lease.cancelRequested() && export.stopReason() == null && !export.isEnding()) {
                Log.infof("job %s: cancel requested, stopping the export", lease.run());
                export.stop(ExportStopped.Reason.CANCELLED);
            }
        }
        for (RunningExport export : running.values()) {
            boolean startedBeforeHeartbeat = export.registeredAt() - heartbeatStartedAt < 0;
            if (!renewed.contains(export.run().token()) && startedBeforeHeartbeat && export.stopReason() == null
                    && !export.isEnding()) {
                Log.warnf("job %s: the lease was lost to another run, stopping without a result", export.run());
                export.stop(ExportStopped.Reason.LEASE_LOST);
            }
        }
    }

    /** On shutdown: every export still running stops and goes back to the queue. */
    void handBackAll() {
        running.values().forEach(export -> export.stop(ExportStopped.Reason.HANDED_BACK));
    }
}
