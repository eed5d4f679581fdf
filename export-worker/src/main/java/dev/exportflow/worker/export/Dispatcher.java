package dev.exportflow.worker.export;

import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.WorkerIdentity;
import dev.exportflow.worker.WorkerPool;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimQueue;
import dev.exportflow.worker.claim.WorkerDatabaseException;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes queued jobs from the worker database into this replica's free slots ({@code concurrency}), from startup until
 * shutdown, when running exports get {@code shutdown-grace} to finish and the rest go back to the queue, where another
 * replica picks them up at once. The Kafka consumer only queues jobs, so a long export never holds up a partition or a
 * commit.
 *
 * <p>Exports run on a view of Quarkus's worker pool that this class can wait for and interrupt; they may take an hour.
 * Looking for queued work is short and runs on the managed executor: when told (a job was queued, a slot came free)
 * and at every {@code poll-interval} for jobs that other replicas or the reaper queued.
 */
@ApplicationScoped
public class Dispatcher {

    /** A run stopped by hand-back still has to abort its upload and write the claim; this is how long it may take. */
    private static final long HAND_BACK_WAIT_SECONDS = 30;

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final ClaimQueue queue;
    private final ExportRunner runner;
    private final RunningExports running;
    private final QueuedAcknowledgements acknowledgements;
    private final ManagedExecutor executor;
    private final Semaphore slots;
    /** Requests to look for work; whoever raises it from zero starts the one look that serves them all. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    private volatile boolean accepting;
    private volatile ManagedExecutor exports;

    public Dispatcher(WorkerConfig config, WorkerIdentity identity, ClaimQueue queue, ExportRunner runner,
            RunningExports running, QueuedAcknowledgements acknowledgements, ManagedExecutor executor) {
        this.config = config;
        this.identity = identity;
        this.queue = queue;
        this.runner = runner;
        this.running = running;
        this.acknowledgements = acknowledgements;
        this.executor = executor;
        this.slots = new Semaphore(config.concurrency());
    }

    void start(@Observes StartupEvent startup) {
        if (config.concurrency() == 0) {
            Log.infof("export worker %s queues requests and runs no exports (concurrency 0)", identity.id());
            return;
        }
        exports = WorkerPool.view(config.concurrency());
        accepting = true;
        Log.infof("export worker %s takes up to %d exports at a time", identity.id(), config.concurrency());
        wakeUp();
    }

    /** Says that a job was queued or a slot came free, so that a free slot takes it now rather than at the next poll. */
    public void wakeUp() {
        if (accepting && wakeUps.getAndIncrement() == 0) {
            try {
                executor.execute(this::takeWork);
            } catch (RejectedExecutionException e) {
                wakeUps.set(0); // the application is stopping
            }
        }
    }

    /** Runs one look for work for every wake-up that came in meanwhile, never two looks at once. */
    private void takeWork() {
        int served;
        do {
            served = wakeUps.get();
            fillFreeSlots();
        } while (wakeUps.addAndGet(-served) > 0);
    }

    private void fillFreeSlots() {
        while (accepting && slots.tryAcquire()) {
            boolean launched = false;
            try {
                Optional<Claim> claim = queue.claimNext(identity.id(), config.lease());
                if (claim.isPresent()) {
                    acknowledgements.taken(claim.get().key());
                    exports.execute(() -> runAndRelease(claim.get()));
                    launched = true;
                }
            } catch (WorkerDatabaseException e) {
                Log.warnf("cannot take queued jobs: %s", e.getMessage());
            } catch (RuntimeException e) {
                Log.errorf(e, "the dispatcher failed to start a job");
            } finally {
                if (!launched) {
                    slots.release();
                }
            }
            if (!launched) {
                return;
            }
        }
    }

    private void runAndRelease(Claim claim) {
        RunningExport export = running.start(claim);
        try {
            runner.run(export);
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s: the run ended with an error", claim.key());
        } finally {
            running.finish(export);
            slots.release();
            wakeUp();
        }
    }

    /** Runs before the messaging connectors and datasources close, so running exports can still finish or hand back. */
    void stop(@Observes @Priority(1) ShutdownEvent shutdown) {
        accepting = false;
        if (exports == null) {
            return;
        }
        exports.shutdown();
        try {
            int inFlight = running.count();
            if (inFlight > 0) {
                Log.infof("shutting down: waiting up to %s for %d running export(s)", config.shutdownGrace(), inFlight);
            }
            if (!exports.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                Log.infof("shutting down: handing %d export(s) back to the queue", running.count());
                running.handBackAll();
                if (!exports.awaitTermination(HAND_BACK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    exports.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.handBackAll();
        }
    }
}
