package dev.exportflow.worker.export;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimLeases;
import dev.exportflow.worker.csv.CsvFormat;
import dev.exportflow.worker.export.messaging.EventPublisher;
import dev.exportflow.worker.storage.ExportStorage;

import io.quarkus.logging.Log;

/**
 * Puts jobs whose lease expired (their replica crashed or hangs) back in the queue; a job that used up
 * {@code max-attempts} that way ends FAILED with {@code WORKER_LOST} instead. Any replica's reaper may do it.
 */
@ApplicationScoped
public class LeaseReaper {

    private static final int REAP_BATCH = 20;

    private final WorkerConfig config;
    private final ClaimLeases leases;
    private final JobEvents jobEvents;
    private final EventPublisher events;
    private final ExportStorage storage;
    private final Dispatcher dispatcher;

    public LeaseReaper(WorkerConfig config, ClaimLeases leases, JobEvents jobEvents, EventPublisher events,
            ExportStorage storage, Dispatcher dispatcher) {
        this.config = config;
        this.leases = leases;
        this.jobEvents = jobEvents;
        this.events = events;
        this.storage = storage;
        this.dispatcher = dispatcher;
    }

    void reap() {
        try {
            List<Claim> requeued = leases.reapExpiredLeases(config.maxAttempts(), REAP_BATCH, this::giveUp);
            for (Claim claim : requeued) {
                Log.infof("job %s: the lease of %s expired; the job is queued again (attempt %d was lost)", claim.key(),
                        claim.owner(), claim.attempts());
            }
            if (!requeued.isEmpty()) {
                dispatcher.wakeUp();
            }
        } catch (RuntimeException e) {
            Log.warnf("the reaper could not look for expired leases: %s", e.getMessage());
        }
    }

    /** A job whose replicas kept dying: it ends FAILED (the publication happens inside the reaper's transaction). */
    private void giveUp(Claim claim) {
        Log.warnf("job %s: the lease of %s expired after %d attempt(s); giving up", claim.key(), claim.owner(), claim.attempts());
        events.publish(jobEvents.failed(claim, FailureClassifier.workerLost(claim.attempts())), claim.traceParent());
        if (claim.uploadId() != null) {
            ExportRequested request = claim.request();
            try {
                storage.abortQuietly(ObjectNaming.target(request, CsvFormat.of(request.format(), request.csv())).key(),
                        claim.uploadId());
            } catch (IllegalArgumentException e) {
                Log.debugf("job %s: no upload to abort: %s", claim.key(), e.getMessage());
            }
        }
    }
}
