package dev.exportflow.worker.export;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimLeases;
import dev.exportflow.worker.claim.ClaimState;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.storage.ExportStorage;

import io.quarkus.logging.Log;

/**
 * Takes back the jobs whose run stopped renewing its lease (its replica crashed or hangs): back to the queue, or, when
 * a cancel request reached it, CANCELLED; a job that used up {@code max-attempts} that way ends FAILED with
 * {@code WORKER_LOST}. Jobs that went back to the queue with a cancel request are confirmed CANCELLED too. Any
 * replica's reaper may do it; the outcomes are published after the reaper's commit.
 */
@ApplicationScoped
public class LeaseReaper {

    private static final int REAP_BATCH = 20;

    private final WorkerConfig config;
    private final ClaimLeases leases;
    private final OutcomeAnnouncer announcer;
    private final ExportStorage storage;
    private final Dispatcher dispatcher;

    public LeaseReaper(WorkerConfig config, ClaimLeases leases, OutcomeAnnouncer announcer, ExportStorage storage,
            Dispatcher dispatcher) {
        this.config = config;
        this.leases = leases;
        this.announcer = announcer;
        this.storage = storage;
        this.dispatcher = dispatcher;
    }

    void reap() {
        ClaimLeases.Reaped reaped;
        try {
            reaped = leases.reap(config.maxAttempts(), REAP_BATCH,
                    attempts -> FailureClassifier.workerLost(attempts).recorded());
        } catch (RuntimeException e) {
            Log.warnf("the reaper could not look for expired leases: %s", e.getMessage());
            return;
        }
        for (Claim claim : reaped.requeued()) {
            Log.infof("job %s: the lease of %s expired; the job is queued again (attempt %d was lost)", claim.key(),
                    claim.owner(), claim.attempts());
        }
        for (Claim ended : reaped.ended()) {
            if (ended.state() == ClaimState.CANCELLED) {
                Log.infof("job %s: cancelled as asked; no run holds it any more", ended.key());
            } else {
                Log.warnf("job %s: the lease expired after %d attempt(s); giving up", ended.key(), ended.attempts());
            }
            abortUpload(ended);
            announcer.announce(ended);
        }
        if (!reaped.requeued().isEmpty()) {
            dispatcher.wakeUp();
        }
    }

    /** The upload a lost run left; a later run of a re-queued job aborts its own. */
    private void abortUpload(Claim ended) {
        ExportRequested request = ended.request();
        if (ended.uploadId() == null || request == null) {
            return;
        }
        try {
            storage.abortQuietly(ObjectNaming.target(request, FileFormat.of(request.format(), request.csv())).key(),
                    ended.uploadId());
        } catch (IllegalArgumentException e) {
            Log.debugf("job %s: no upload to abort: %s", ended.key(), e.getMessage());
        }
    }
}
