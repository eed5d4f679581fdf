package dev.exportflow.worker.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.export.messaging.EventPublisher;

import io.quarkus.logging.Log;

/**
 * Tells the api that this worker holds a request ({@code ExportQueued}) once the request has waited
 * {@code queued-report-after} for a slot. The api needs it only to stop sending the request again after its
 * {@code redrive-after} (2 min), and most jobs start long before that: a job taken sooner needs no acknowledgement,
 * which saves it one event through Kafka and the api's read model. What is owed is held in memory: a replica that
 * stops drops it, and the api's redrive, which is acknowledged at once, makes up for it. At most {@value #MAX_OWED}
 * are held; beyond that a request is acknowledged at once.
 */
@ApplicationScoped
public class QueuedAcknowledgements {

    static final int MAX_OWED = 10_000;

    private final Duration after;
    private final Clock clock;
    private final Acknowledge acknowledge;
    private final Map<JobKey, Owed> owed = new ConcurrentHashMap<>();

    @Inject
    public QueuedAcknowledgements(WorkerConfig config, JobEvents jobEvents, EventPublisher events) {
        this(config.queuedReportAfter(), Clock.systemUTC(), (key, since, traceParent) -> {
            try {
                events.publish(jobEvents.queued(key, since), traceParent);
                return true;
            } catch (EventPublisher.PublishException e) {
                // harmless: the api sends the request again, and that is acknowledged again
                Log.warnf("job %s: queued, but ExportQueued was not published: %s", key, e.getMessage());
                return false;
            }
        });
    }

    QueuedAcknowledgements(Duration after, Clock clock, Acknowledge acknowledge) {
        this.after = after;
        this.clock = clock;
        this.acknowledge = acknowledge;
    }

    /** Acknowledges a duplicate of a request that still waits: the api sent it again because it is waiting for this. */
    public void now(JobKey key, String traceParent) {
        owed.remove(key);
        acknowledge.publish(key, clock.instant(), traceParent);
    }

    /** Acknowledges a newly queued request once it has waited {@code queued-report-after}, unless it is taken by then. */
    public void owe(JobKey key, String traceParent) {
        if (after.isZero() || owed.size() >= MAX_OWED) {
            now(key, traceParent);
        } else {
            owed.put(key, new Owed(clock.instant(), traceParent));
        }
    }

    /** A run took the job here: it needs no acknowledgement any more. */
    public void taken(JobKey key) {
        owed.remove(key);
    }

    /**
     * Publishes what has waited long enough; called every {@code poll-interval}. Stops at the first failure (Kafka is
     * away: each try would wait for it), leaving the rest for the next call.
     */
    void publishDue() {
        Instant due = clock.instant().minus(after);
        for (Map.Entry<JobKey, Owed> entry : owed.entrySet()) {
            Owed waiting = entry.getValue();
            if (!waiting.since().isAfter(due) && owed.remove(entry.getKey(), waiting)
                    && !acknowledge.publish(entry.getKey(), waiting.since(), waiting.traceParent())) {
                return;
            }
        }
    }

    private record Owed(Instant since, String traceParent) {
    }

    /** Publishes {@code ExportQueued}. */
    @FunctionalInterface
    interface Acknowledge {

        /**
         * @param since when the worker queued the job
         * @param traceParent the trace of its request (W3C {@code traceparent}), or null
         * @return false when it was not published (a lost acknowledgement is harmless, see above)
         */
        boolean publish(JobKey key, Instant since, String traceParent);
    }
}
