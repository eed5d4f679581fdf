package dev.exportflow.worker.export.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.TraceParent;
import dev.exportflow.events.serde.UnreadableEventException;
import dev.exportflow.worker.claim.ClaimAdmission;
import dev.exportflow.worker.export.Dispatcher;
import dev.exportflow.worker.export.JobEvents;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * Accepts export requests: records each one durably in the worker database (the queue the dispatcher takes
 * jobs from) and lets Kafka commit the offset right away. A long export therefore never holds a partition,
 * never delays a commit and never looks like a stuck consumer. A redelivered or replayed request is
 * recognised: done jobs are announced again, cancelled ones stay cancelled, failed ones run again.
 *
 * <p>Failure strategy {@code dead-letter-queue}: an unreadable record goes to {@code export-requested.dlq}
 * and the consumer carries on with the next one.
 */
@ApplicationScoped
public class ExportRequestConsumer {

    private final RetryingClaims claims;
    private final Dispatcher dispatcher;
    private final JobEvents jobEvents;
    private final EventPublisher events;

    public ExportRequestConsumer(RetryingClaims claims, Dispatcher dispatcher, JobEvents jobEvents, EventPublisher events) {
        this.claims = claims;
        this.dispatcher = dispatcher;
        this.jobEvents = jobEvents;
        this.events = events;
    }

    @Incoming("export-requested")
    @Blocking
    public void onRequested(ExportEvent event, Optional<TracingMetadata> tracing) {
        ExportRequested request = readable(event);
        // the consumer span of this record: the job's events are published in its trace
        String traceParent = tracing.map(metadata -> TraceParent.of(metadata.getCurrentContext())).orElse(null);
        ClaimAdmission.Admitted admitted = claims.admit(request, traceParent);
        switch (admitted.admission()) {
            case QUEUED -> {
                Log.infof("job %s/%d: export of %s queued", request.jobId(), request.generation(), request.dataset());
                dispatcher.wakeUp();
            }
            case REQUEUED -> {
                Log.infof("job %s/%d: had failed (%s); queued to run again", request.jobId(), request.generation(),
                        admitted.claim().errorCode());
                dispatcher.wakeUp();
            }
            case IN_HAND -> Log.infof("job %s/%d: already %s; duplicate request ignored", request.jobId(),
                    request.generation(), admitted.claim().state().name().toLowerCase());
            case SUCCEEDED -> {
                Log.infof("job %s/%d: already done; announcing the existing file again", request.jobId(), request.generation());
                events.publish(jobEvents.completed(request, admitted.claim().file()), traceParent);
            }
            case CANCELLED -> {
                Log.infof("job %s/%d: cancelled; it is not run", request.jobId(), request.generation());
                events.publish(jobEvents.cancelled(admitted.claim().key()), traceParent);
            }
            default -> throw new IllegalStateException(admitted.admission().name());
        }
    }

    /** A record that deserialized but is no usable request is as unreadable as garbage: it belongs in the DLQ. */
    private static ExportRequested readable(ExportEvent event) {
        if (!(event instanceof ExportRequested request)) {
            throw new UnreadableEventException("Not an export request: "
                    + (event == null ? "no value" : event.getClass().getSimpleName()));
        }
        if (request.jobId() == null || request.generation() < 1 || request.dataset() == null || request.requester() == null) {
            throw new UnreadableEventException("The export request lacks jobId, generation, dataset or requester");
        }
        return request;
    }
}
