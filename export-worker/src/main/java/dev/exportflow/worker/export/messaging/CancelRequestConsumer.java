package dev.exportflow.worker.export.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.worker.claim.ClaimAdmission;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.export.JobEvents;
import dev.exportflow.worker.export.RunningExports;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;

/**
 * Records cancel requests in the worker database, whichever replica runs (or will run) the job. A job that has
 * not started is cancelled at once and never runs; a running one stops at once when it runs on this replica,
 * otherwise at its owner's next heartbeat (every second).
 */
@ApplicationScoped
public class CancelRequestConsumer {

    private final RetryingClaims claims;
    private final RunningExports running;
    private final JobEvents jobEvents;
    private final EventPublisher events;

    public CancelRequestConsumer(RetryingClaims claims, RunningExports running, JobEvents jobEvents, EventPublisher events) {
        this.claims = claims;
        this.running = running;
        this.jobEvents = jobEvents;
        this.events = events;
    }

    @Incoming("export-cancel-requested")
    @Blocking
    public void onCancelRequested(ExportEvent event) {
        if (!(event instanceof ExportCancelRequested cancel) || cancel.jobId() == null) {
            Log.warnf("ignoring a record on export-cancel-requested that is no cancel request: %s", event);
            return;
        }
        JobKey key = new JobKey(cancel.jobId(), cancel.generation());
        ClaimAdmission.Cancelled cancelled = claims.requestCancel(key);
        switch (cancelled.outcome()) {
            case NEVER_STARTED, ALREADY_CANCELLED -> {
                Log.infof("job %s: cancelled before it ran", key);
                events.publish(jobEvents.cancelled(key));
            }
            case RUNNING -> {
                if (!running.cancel(key)) {
                    Log.infof("job %s: cancel recorded; its owner %s stops at its next heartbeat", key,
                            cancelled.claim().owner());
                }
            }
            case TOO_LATE -> Log.infof("job %s: cancel requested after the export had already %s", key,
                    cancelled.claim().state().name().toLowerCase());
            default -> throw new IllegalStateException(cancelled.outcome().name());
        }
    }
}
