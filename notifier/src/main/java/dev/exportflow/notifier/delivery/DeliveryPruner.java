package dev.exportflow.notifier.delivery;

import java.time.Duration;
import java.time.Instant;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes deliveries that finished and were announced more than {@code exportflow.notifier.delivery.retention} ago
 * (P8D). The retention is one day longer than that of {@code export-completed} and {@code export-failed} (7 days), so
 * that a replay of those topics still finds every email it asks for and sends none twice.
 */
@ApplicationScoped
public class DeliveryPruner {

    /** Rows per transaction, so that a large backlog never holds many locks or a long transaction. */
    static final int BATCH = 1000;

    private final DeliveryLog log;
    private final Duration retention;

    public DeliveryPruner(DeliveryLog log, DeliveryConfig config) {
        this.log = log;
        this.retention = config.retention();
    }

    @Scheduled(every = "${exportflow.notifier.delivery.prune-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void pruneOnSchedule() {
        try {
            prune();
        } catch (RuntimeException e) {
            Log.warnf("Pruning old deliveries failed, the next run tries again: %s", e.getMessage());
        }
    }

    /** @return how many deliveries were deleted */
    public int prune() {
        Instant cutoff = Instant.now().minus(retention);
        int deleted = 0;
        int batch;
        do {
            batch = log.pruneFinishedBefore(cutoff, BATCH);
            deleted += batch;
        } while (batch == BATCH);
        if (deleted > 0) {
            Log.infof("Pruned %d deliveries finished before %s", deleted, cutoff);
        }
        return deleted;
    }
}
