package dev.exportflow.api.job;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.security.Caller;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * A job's changes as a stream, for server-sent events: the job is read from the database whenever
 * {@link JobChanges} announces a change of it, emitted when it differs from what was sent (and at least every
 * keep-alive interval), and the stream ends with the first terminal state. Reading the store rather than listening
 * to Kafka keeps this correct when another api replica consumed the event. Should announcements stop, each stream
 * reads its job every {@link #UNANNOUNCED_POLL} until they resume, and every {@link #SAFETY_READ} in any case.
 */
@ApplicationScoped
public class JobEvents {

    static final Duration UNANNOUNCED_POLL = Duration.ofMillis(500);
    static final Duration SAFETY_READ = Duration.ofSeconds(5);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ExportJobService jobs;
    private final JobChanges changes;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "job-events");
        thread.setDaemon(true);
        return thread;
    });

    public JobEvents(ExportJobService jobs, JobChanges changes) {
        this.jobs = jobs;
        this.changes = changes;
    }

    /** @throws dev.exportflow.api.problem.ProblemException 404 at once for someone else's job */
    public Multi<JobView> follow(Caller caller, UUID id) {
        JobView first = jobs.get(caller, id);
        return Multi.createFrom().emitter(emitter -> {
            emitter.emit(first);
            if (first.status().terminal()) {
                emitter.complete();
                return;
            }
            Stream stream = new Stream(caller, id, first, emitter);
            AutoCloseable announcements = changes.follow(id, stream::announced);
            ScheduledFuture<?> poll = scheduler.scheduleWithFixedDelay(stream::poll, UNANNOUNCED_POLL.toMillis(),
                    UNANNOUNCED_POLL.toMillis(), TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                poll.cancel(false);
                try {
                    announcements.close();
                } catch (Exception e) {
                    Log.debugf("job %s: could not stop following: %s", id, e.getMessage());
                }
            });
        });
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    /** One client's stream of one job. */
    private final class Stream {

        private final Caller caller;
        private final UUID id;
        private final MultiEmitter<? super JobView> emitter;
        private final AtomicBoolean readPending = new AtomicBoolean();
        private JobView last;
        private boolean ended;
        private long lastSent = System.nanoTime();
        private long lastRead = System.nanoTime();

        Stream(Caller caller, UUID id, JobView first, MultiEmitter<? super JobView> emitter) {
            this.caller = caller;
            this.id = id;
            this.last = first;
            this.emitter = emitter;
        }

        /** On the listening thread: hand the read to the scheduler, once however many announcements arrive. */
        void announced() {
            if (readPending.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    readPending.set(false);
                    read();
                });
            }
        }

        void poll() {
            if (!changes.listening() || System.nanoTime() - lastRead > SAFETY_READ.toNanos()) {
                read();
            }
        }

        private synchronized void read() {
            if (ended || emitter.isCancelled()) {
                return;
            }
            try {
                lastRead = System.nanoTime();
                JobView view = jobs.get(caller, id);
                if (!view.equals(last) || lastRead - lastSent > KEEP_ALIVE.toNanos()) {
                    last = view;
                    lastSent = lastRead;
                    emitter.emit(view);
                }
                if (view.status().terminal()) {
                    ended = true;
                    emitter.complete();
                }
            } catch (RuntimeException e) {
                Log.debugf("job %s: event stream ends: %s", id, e.getMessage());
                ended = true;
                emitter.fail(e);
            }
        }
    }
}
