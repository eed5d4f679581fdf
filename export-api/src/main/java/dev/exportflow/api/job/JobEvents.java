package dev.exportflow.api.job;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.security.Caller;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;

/**
 * A job's changes as a stream, for server-sent events: the job is read from the database every
 * {@code exportflow.events.poll-interval}, emitted when it changed (and at least every keep-alive interval), and
 * the stream ends with the first terminal state. Reading the store rather than listening to Kafka keeps this
 * correct when another api replica consumed the event.
 */
@ApplicationScoped
public class JobEvents {

    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ExportJobService jobs;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "job-events");
        thread.setDaemon(true);
        return thread;
    });

    public JobEvents(ExportJobService jobs) {
        this.jobs = jobs;
    }

    /** @throws dev.exportflow.api.problem.ProblemException 404 at once for someone else's job */
    public Multi<JobView> follow(Caller caller, UUID id) {
        JobView first = jobs.get(caller, id);
        return Multi.createFrom().emitter(emitter -> {
            AtomicReference<JobView> last = new AtomicReference<>(first);
            AtomicLong lastSent = new AtomicLong(System.nanoTime());
            emitter.emit(first);
            if (first.status().terminal()) {
                emitter.complete();
                return;
            }
            ScheduledFuture<?> poll = scheduler.scheduleWithFixedDelay(() -> {
                try {
                    JobView view = jobs.get(caller, id);
                    boolean changed = !view.equals(last.get());
                    if (changed || System.nanoTime() - lastSent.get() > KEEP_ALIVE.toNanos()) {
                        last.set(view);
                        lastSent.set(System.nanoTime());
                        emitter.emit(view);
                    }
                    if (view.status().terminal()) {
                        emitter.complete();
                    }
                } catch (RuntimeException e) {
                    Log.debugf("job %s: event stream ends: %s", id, e.getMessage());
                    emitter.fail(e);
                }
            }, POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> poll.cancel(false));
        });
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
