package dev.exportflow.api.live;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.ExportJobService;
import dev.exportflow.api.job.JobView;
import dev.exportflow.api.security.Caller;

import io.quarkus.logging.Log;
import io.smallrye.context.api.ManagedExecutorConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * A job's changes as a stream, for server-sent events: the job is read from the database whenever
 * {@link JobChanges} announces a change of it, emitted when it differs from what was sent (and at least every
 * keep-alive interval), and the stream ends with the first terminal state, or when the caller's token expires; a
 * user holds at most {@code exportflow.limits.streams-per-user} streams ({@link StreamSlots}). Reading the store
 * rather than listening to Kafka keeps this correct when another api replica consumed the event. Should announcements
 * stop, each stream reads its job every {@link #UNANNOUNCED_POLL} until they resume, and every {@link #SAFETY_READ}
 * in any case.
 *
 * <p>Reads run on the managed executor. The poll is a Vert.x timer of Quarkus' own Vert.x instance: the Quarkus
 * scheduler runs nothing more often than once a second.
 */
@ApplicationScoped
public class JobStream {

    static final Duration UNANNOUNCED_POLL = Duration.ofMillis(500);
    static final Duration SAFETY_READ = Duration.ofSeconds(5);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ExportJobService jobs;
    private final JobChanges changes;
    private final StreamSlots slots;
    private final ManagedExecutor executor;
    private final Vertx vertx;

    /** @param executor propagates nothing: a read runs for a stream, not in the context of the request that opened it */
    public JobStream(ExportJobService jobs, JobChanges changes, StreamSlots slots,
            @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING) ManagedExecutor executor,
            Vertx vertx) {
        this.jobs = jobs;
        this.changes = changes;
        this.slots = slots;
        this.executor = executor;
        this.vertx = vertx;
    }

    /**
     * Follows the job until it ends, or until the caller's token expires (a stream lasts no longer than the right
     * that opened it; the client reconnects with a fresh token).
     *
     * @throws dev.exportflow.api.problem.ProblemException at once: 404 for someone else's job, 403 for one the caller
     *         may no longer use, 429 when the caller has too many streams open
     */
    public Multi<JobView> follow(Caller caller, UUID id) {
        JobView first = jobs.getForUse(caller, id);
        StreamSlots.Slot slot = slots.take(caller.userId());
        return Multi.createFrom().<JobView>emitter(emitter -> {
            emitter.emit(first);
            if (first.status().terminal()) {
                emitter.complete();
                return;
            }
            Follower follower = new Follower(caller, id, first, emitter);
            AutoCloseable announcements = changes.follow(id, follower::readSoon);
            long poll = vertx.setPeriodic(UNANNOUNCED_POLL.toMillis(), timer -> follower.poll());
            long expiry = caller.tokenExpiresAt() == null ? -1
                    : vertx.setTimer(Math.max(1, Duration.between(Instant.now(), caller.tokenExpiresAt()).toMillis()),
                            timer -> follower.endAtTokenExpiry());
            emitter.onTermination(() -> {
                vertx.cancelTimer(poll);
                if (expiry >= 0) {
                    vertx.cancelTimer(expiry);
                }
                try {
                    announcements.close();
                } catch (Exception e) {
                    Log.debugf("job %s: could not stop following: %s", id, e.getMessage());
                }
            });
        }).onTermination().invoke(slot::close);
    }

    /** One client's stream of one job. */
    private final class Follower {

        private final Caller caller;
        private final UUID id;
        private final MultiEmitter<? super JobView> emitter;
        private final AtomicBoolean readPending = new AtomicBoolean();
        private JobView last;
        private boolean ended;
        private long lastSent = System.nanoTime();
        private volatile long lastRead = System.nanoTime();

        Follower(Caller caller, UUID id, JobView first, MultiEmitter<? super JobView> emitter) {
            this.caller = caller;
            this.id = id;
            this.last = first;
            this.emitter = emitter;
        }

        /** Hands a read to the executor, once however many announcements or polls ask for it meanwhile. */
        void readSoon() {
            if (readPending.compareAndSet(false, true)) {
                executor.execute(() -> {
                    readPending.set(false);
                    read();
                });
            }
        }

        /** On the timer: read when nothing is announced, or when the last read is long ago. */
        void poll() {
            if (!changes.listening() || System.nanoTime() - lastRead > SAFETY_READ.toNanos()) {
                readSoon();
            }
        }

        synchronized void endAtTokenExpiry() {
            if (!ended) {
                ended = true;
                Log.debugf("job %s: event stream ends, the caller's token expired", id);
                emitter.complete();
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
