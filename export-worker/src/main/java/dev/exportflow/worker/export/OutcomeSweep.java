package dev.exportflow.worker.export;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimAnnouncements;

import io.quarkus.logging.Log;

/**
 * Publishes the outcomes that ended claims still owe after {@code outcome-sweep-grace}: a replica died between
 * committing an ending and publishing it, or the broker did not take the event. Any replica's sweep may do it.
 */
@ApplicationScoped
public class OutcomeSweep {

    private static final int BATCH = 50;

    private final WorkerConfig config;
    private final ClaimAnnouncements announcements;
    private final OutcomeAnnouncer announcer;

    public OutcomeSweep(WorkerConfig config, ClaimAnnouncements announcements, OutcomeAnnouncer announcer) {
        this.config = config;
        this.announcements = announcements;
        this.announcer = announcer;
    }

    void sweep() {
        try {
            List<Claim> owed = announcements.takeOwed(config.outcomeSweepGrace(), BATCH);
            for (Claim ended : owed) {
                Log.infof("job %s: publishing the outcome (%s) that was still owed", ended.key(),
                        ended.state().name().toLowerCase());
                announcer.announce(ended);
            }
        } catch (RuntimeException e) {
            Log.warnf("the outcome sweep could not look for owed outcomes: %s", e.getMessage());
        }
    }
}
