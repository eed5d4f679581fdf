package dev.exportflow.worker.export;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimAnnouncements;
import dev.exportflow.worker.claim.WorkerDatabaseException;
import dev.exportflow.worker.export.messaging.EventPublisher;

import io.quarkus.logging.Log;

/**
 * Publishes the outcome an ended claim owes, right after the commit that ended it, and marks it published. What cannot
 * be published now stays owed for {@link OutcomeSweep}; a second publication carries the same CloudEvents id.
 */
@ApplicationScoped
public class OutcomeAnnouncer {

    private final JobEvents jobEvents;
    private final EventPublisher events;
    private final ClaimAnnouncements announcements;

    public OutcomeAnnouncer(JobEvents jobEvents, EventPublisher events, ClaimAnnouncements announcements) {
        this.jobEvents = jobEvents;
        this.events = events;
        this.announcements = announcements;
    }

    /** Never throws: an outcome that is not published now is published by the sweep. */
    public void announce(Claim ended) {
        try {
            events.publish(jobEvents.outcome(ended), ended.traceParent());
        } catch (EventPublisher.PublishException e) {
            Log.warnf("job %s: the outcome (%s) stays owed; the sweep publishes it: %s", ended.key(),
                    ended.state().name().toLowerCase(), e.getMessage());
            return;
        }
        try {
            announcements.published(ended);
        } catch (WorkerDatabaseException e) {
            Log.warnf("job %s: the outcome (%s) is published but not marked so; the sweep publishes it once more: %s",
                    ended.key(), ended.state().name().toLowerCase(), e.getMessage());
        }
    }
}
