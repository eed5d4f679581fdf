package dev.exportflow.api.job;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;

import dev.exportflow.api.outbox.OutboxQuarantined;
import dev.exportflow.events.ErrorCodes;
import dev.exportflow.events.EventType;

import io.quarkus.logging.Log;

/**
 * Ends the job whose ExportRequested Kafka refused for good, in the relay's transaction: no worker can ever get it, so
 * the job fails {@code EVENT_REFUSED} and the user is emailed, instead of waiting for the watchdog.
 */
@ApplicationScoped
public class QuarantinedRequests {

    static final String MESSAGE = "The export request could not be handed to the export workers (it is too large or"
            + " malformed). Start it again with fewer or shorter parameters.";

    private final JobInterventions interventions;

    public QuarantinedRequests(JobInterventions interventions) {
        this.interventions = interventions;
    }

    void onQuarantined(@Observes OutboxQuarantined row) {
        if (!EventType.EXPORT_REQUESTED.ceType().equals(row.eventType())) {
            return;
        }
        ExportJob job = ExportJob.findById(row.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null || !job.status.active()) {
            Log.warnf("job %s: its request was refused, but the job is %s", row.jobId(), job == null ? "gone" : job.status);
        } else if (job.status == JobStatus.CANCELLING) {
            interventions.cancelUnconfirmed(job, Instant.now());
        } else {
            interventions.fail(job, ErrorCodes.EVENT_REFUSED, MESSAGE, false, Instant.now());
        }
    }
}
