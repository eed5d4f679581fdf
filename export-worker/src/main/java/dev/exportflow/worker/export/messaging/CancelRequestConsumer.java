package dev.exportflow.worker.export.messaging;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.claim.ClaimAdmission;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.export.OutcomeAnnouncer;
import dev.exportflow.worker.export.RunningExports;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;

/**
 * Records cancel requests in the worker database, whichever replica runs (or will run) the job. A job that has
 * not started is cancelled at once and never runs; a running one stops at once when it runs on this replica,
 * otherwise at its replica's next heartbeat (every second), or by the reaper when no replica holds it any more. A
 * cancel is never dropped because the worker database was down: the record waits until it is back
 * ({@link RetryingClaims}). A record that is no cancel request is refused, counted and acknowledged.
 */
@ApplicationScoped
public class CancelRequestConsumer {

    private static final String CHANNEL = Topics.EXPORT_CANCEL_REQUESTED;

    private final RetryingClaims claims;
    private final ConsumerShutdown shutdown;
    private final RunningExports running;
    private final OutcomeAnnouncer announcer;
    private final RefusedRecords refusals;

    public CancelRequestConsumer(RetryingClaims claims, ConsumerShutdown shutdown, RunningExports running,
            OutcomeAnnouncer announcer, RefusedRecords refusals) {
        this.claims = claims;
        this.shutdown = shutdown;
        this.running = running;
        this.announcer = announcer;
        this.refusals = refusals;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onCancelRequested(Message<ExportEvent> message) {
        if (!(message.getPayload() instanceof ExportCancelRequested cancel)) {
            refusals.refused(CHANNEL, null, "unreadable", "not a cancel request");
            return message.ack();
        }
        if (cancel.jobId() == null || cancel.generation() < 1) {
            refusals.refused(CHANNEL, cancel.jobId(), "missing-field", "no job id and generation");
            return message.ack();
        }
        JobKey key = new JobKey(cancel.jobId(), cancel.generation());
        Optional<ClaimAdmission.Cancelled> cancelled = shutdown.unlessStopped(() -> claims.requestCancel(key));
        if (cancelled.isEmpty()) {
            Log.infof("job %s: the application stops; the cancel request is read again after the restart", key);
            return new CompletableFuture<>();
        }
        act(key, cancelled.get());
        return message.ack();
    }

    private void act(JobKey key, ClaimAdmission.Cancelled cancelled) {
        switch (cancelled.outcome()) {
            case NEVER_STARTED, ALREADY_CANCELLED -> {
                Log.infof("job %s: cancelled before it ran", key);
                announcer.announce(cancelled.claim());
            }
            case RUNNING -> {
                if (!running.cancel(key)) {
                    Log.infof("job %s: cancel recorded; the run of %s stops at its next heartbeat", key,
                            cancelled.claim().owner());
                }
            }
            case TOO_LATE -> Log.infof("job %s: cancel requested after the export had already %s", key,
                    cancelled.claim().state().name().toLowerCase());
            default -> throw new IllegalStateException(cancelled.outcome().name());
        }
    }
}
