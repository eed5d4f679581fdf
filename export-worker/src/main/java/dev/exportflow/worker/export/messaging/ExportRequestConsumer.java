package dev.exportflow.worker.export.messaging;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.events.TraceParent;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimAdmission;
import dev.exportflow.worker.claim.ClaimState;
import dev.exportflow.worker.export.Dispatcher;
import dev.exportflow.worker.export.OutcomeAnnouncer;
import dev.exportflow.worker.export.QueuedAcknowledgements;
import dev.exportflow.worker.request.RefusedRequest;
import dev.exportflow.worker.request.RequestCheck;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * Accepts export requests: checks each one as untrusted input, records it durably in the worker database (the queue
 * the dispatcher takes jobs from), says so with {@code ExportQueued} if it waits ({@link QueuedAcknowledgements}), and
 * lets Kafka commit the offset right away. A
 * long export therefore never holds a partition, never delays a commit and never looks like a stuck consumer. A
 * redelivered or replayed request is recognised: queued ones are acknowledged again, done jobs are announced again,
 * cancelled ones stay cancelled, failed ones have their failure told again (one refused unread runs).
 *
 * <p>A refused request (unreadable, incomplete, oversized, or one the catalog refuses) is counted, parked in
 * {@code export-requested.dlq} ({@link DeadLetters}) and then acknowledged, and, when it names a job generation the
 * worker does not hold, fails that job visibly. A request the worker fails on (a bug) is parked the same way. While
 * the worker database is down the record waits ({@link RetryingClaims}); when the application stops meanwhile, it
 * stays unacknowledged for the next start.
 */
@ApplicationScoped
public class ExportRequestConsumer {

    private static final String CHANNEL = Topics.EXPORT_REQUESTED;

    private final RequestCheck requests;
    private final RetryingClaims claims;
    private final ConsumerShutdown shutdown;
    private final Dispatcher dispatcher;
    private final QueuedAcknowledgements acknowledgements;
    private final OutcomeAnnouncer announcer;
    private final RefusedRecords refusals;
    private final DeadLetters deadLetters;

    public ExportRequestConsumer(RequestCheck requests, RetryingClaims claims, ConsumerShutdown shutdown, Dispatcher dispatcher,
            QueuedAcknowledgements acknowledgements, OutcomeAnnouncer announcer, RefusedRecords refusals,
            DeadLetters deadLetters) {
        this.requests = requests;
        this.claims = claims;
        this.shutdown = shutdown;
        this.dispatcher = dispatcher;
        this.acknowledgements = acknowledgements;
        this.announcer = announcer;
        this.refusals = refusals;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRequested(Message<ExportEvent> message) {
        ExportRequested request;
        try {
            request = requests.check(message.getPayload()).request();
        } catch (RefusedRequest refused) {
            return refuse(message, refused);
        }
        // the consumer span of this record: the job's events are published in its trace
        String traceParent = TracingMetadata.fromMessage(message)
                .map(tracing -> TraceParent.of(tracing.getCurrentContext())).orElse(null);
        try {
            Optional<ClaimAdmission.Admitted> admitted = shutdown.unlessStopped(() -> claims.admit(request, traceParent));
            if (admitted.isEmpty()) {
                return leftForTheNextStart(request);
            }
            act(request, admitted.get(), traceParent);
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s/%d: the worker failed on the request; it is parked in %s", request.jobId(),
                    request.generation(), Topics.EXPORT_REQUESTED_DLQ);
            return park(message, "The worker failed on the request: " + e);
        }
        return message.ack();
    }

    private void act(ExportRequested request, ClaimAdmission.Admitted admitted, String traceParent) {
        Claim claim = admitted.claim();
        switch (admitted.admission()) {
            case QUEUED -> {
                Log.infof("job %s: export of %s queued", claim.key(), request.dataset());
                acknowledgements.owe(claim.key(), traceParent);
                dispatcher.wakeUp();
            }
            case FAILED -> {
                Log.infof("job %s: failed when it ran; telling the failure again, not running it again", claim.key());
                announcer.announce(claim);
            }
            case REQUEUED -> {
                Log.infof("job %s: had been refused; queued to run", claim.key());
                acknowledgements.owe(claim.key(), traceParent);
                dispatcher.wakeUp();
            }
            case IN_HAND -> {
                Log.infof("job %s: already %s; duplicate request", claim.key(), claim.state().name().toLowerCase());
                if (claim.state() == ClaimState.PENDING) {
                    acknowledgements.now(claim.key(), traceParent);
                }
            }
            case SUCCEEDED -> {
                Log.infof("job %s: already done; announcing the existing file again", claim.key());
                announcer.announce(claim);
            }
            case CANCELLED -> {
                Log.infof("job %s: cancelled; it is not run", claim.key());
                announcer.announce(claim);
            }
            default -> throw new IllegalStateException(admitted.admission().name());
        }
    }

    private CompletionStage<Void> refuse(Message<ExportEvent> message, RefusedRequest refused) {
        ExportRequested toldBack = refused.toldBack();
        refusals.refused(CHANNEL, toldBack == null ? null : toldBack.jobId(), refused.reason().label(), refused.getMessage());
        if (refused.job().isPresent()) {
            // empty: the application stops; an empty claim: the worker holds that job generation already
            Optional<Optional<Claim>> recorded = shutdown.unlessStopped(
                    () -> claims.refuse(refused.job().get(), toldBack, refused.failure()));
            if (recorded.isEmpty()) {
                return leftForTheNextStart(toldBack);
            }
            recorded.get().ifPresentOrElse(announcer::announce, () -> Log.warnf("job %s: the worker holds this job"
                    + " generation already; the refused record leaves it as it is", refused.job().get()));
        }
        return park(message, refused.getMessage());
    }

    /** Acknowledged once parked; when the application stops first, it is read again after the restart. */
    private CompletionStage<Void> park(Message<ExportEvent> message, String why) {
        Optional<Boolean> parked = shutdown.unlessStopped(() -> {
            deadLetters.park(message, why);
            return true;
        });
        if (parked.isEmpty()) {
            Log.info("the application stops; the refused record is read again after the restart");
            return new CompletableFuture<>();
        }
        return message.ack();
    }

    /** Neither acknowledged nor dead-lettered: the offset stays where it is, and the next start reads the record again. */
    private static CompletionStage<Void> leftForTheNextStart(ExportRequested request) {
        Log.infof("job %s/%d: the application stops; the request is read again after the restart", request.jobId(),
                request.generation());
        return new CompletableFuture<>();
    }
}
