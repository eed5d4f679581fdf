package dev.exportflow.worker.export;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.WorkerIdentity;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimStore;
import dev.exportflow.worker.claim.ClaimStoreException;
import dev.exportflow.worker.csv.CsvFormat;
import dev.exportflow.worker.export.messaging.EventPublisher;
import dev.exportflow.worker.storage.ExportStorage;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

/**
 * Takes queued jobs from the worker database whenever this replica has a free slot ({@code concurrency}),
 * keeps the leases of its running exports alive, and re-queues jobs whose owner stopped heartbeating.
 * The Kafka consumer only queues jobs, so a long export never holds up a partition or a commit.
 *
 * <p>On shutdown it stops taking work, lets running exports finish within the grace period, and hands the
 * rest back to the queue, where another replica picks them up at once.
 */
@ApplicationScoped
public class Dispatcher {

    private static final int REAP_BATCH = 20;

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final ClaimStore claims;
    private final ExportRunner runner;
    private final RunningExports running;
    private final EventPublisher events;
    private final DatasetCatalog catalog;
    private final ExportStorage storage;
    private final Scheduler scheduler;
    private final Semaphore slots;
    private final Object signal = new Object();
    private boolean workSignalled;
    private volatile boolean accepting;
    private ExecutorService workers;
    private Thread loop;

    public Dispatcher(WorkerConfig config, WorkerIdentity identity, ClaimStore claims, ExportRunner runner,
            RunningExports running, EventPublisher events, DatasetCatalog catalog, ExportStorage storage, Scheduler scheduler) {
        this.config = config;
        this.identity = identity;
        this.claims = claims;
        this.runner = runner;
        this.running = running;
        this.events = events;
        this.catalog = catalog;
        this.storage = storage;
        this.scheduler = scheduler;
        this.slots = new Semaphore(config.concurrency());
    }

    void start(@Observes StartupEvent startup) {
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.concurrency(), task -> {
            Thread thread = new Thread(task, "export-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        accepting = true;
        loop = new Thread(this::dispatch, "export-dispatcher");
        loop.setDaemon(true);
        loop.start();
        schedule("export-heartbeat", config.heartbeat(), this::heartbeat);
        schedule("export-progress", config.progressInterval(), runner::publishProgress);
        schedule("export-reaper", config.reaperInterval(), this::reap);
        Log.infof("export worker %s takes up to %d exports at a time", identity.id(), config.concurrency());
    }

    private void schedule(String name, Duration every, Runnable task) {
        scheduler.newJob(name)
                .setInterval(every.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> task.run())
                .schedule();
    }

    /** Says that a job was queued, so that a free slot takes it now rather than at the next poll. */
    public void wakeUp() {
        synchronized (signal) {
            workSignalled = true;
            signal.notifyAll();
        }
    }

    private void dispatch() {
        while (accepting) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            boolean launched = false;
            try {
                Optional<Claim> claim = accepting ? claims.claimNext(identity.id(), config.lease()) : Optional.empty();
                if (claim.isPresent()) {
                    workers.execute(() -> runAndRelease(claim.get()));
                    launched = true;
                }
            } catch (ClaimStoreException e) {
                Log.warnf("cannot take queued jobs: %s", e.getMessage());
            } catch (RuntimeException e) {
                Log.errorf(e, "the dispatcher failed to start a job");
            } finally {
                if (!launched) {
                    slots.release();
                    awaitWork();
                }
            }
        }
    }

    private void runAndRelease(Claim claim) {
        try {
            runner.run(claim);
        } finally {
            slots.release();
            wakeUp();
        }
    }

    private void awaitWork() {
        synchronized (signal) {
            try {
                if (!workSignalled) {
                    signal.wait(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                accepting = false;
            }
            workSignalled = false;
        }
    }

    void heartbeat() {
        if (running.count() == 0) {
            return;
        }
        long startedAt = System.nanoTime();
        try {
            List<ClaimStore.Lease> leases = claims.renewLeases(identity.id(), config.lease());
            running.applyLeases(leases, startedAt);
        } catch (ClaimStoreException e) {
            Log.warnf("cannot renew the leases of %d running export(s): %s", running.count(), e.getMessage());
        }
    }

    void reap() {
        try {
            List<Claim> requeued = claims.reapExpiredLeases(config.maxAttempts(), REAP_BATCH, this::giveUp);
            for (Claim claim : requeued) {
                Log.infof("job %s: the lease of %s expired; the job is queued again (attempt %d was lost)", claim.key(),
                        claim.owner(), claim.attempts());
            }
            if (!requeued.isEmpty()) {
                wakeUp();
            }
        } catch (RuntimeException e) {
            Log.warnf("the reaper could not look for expired leases: %s", e.getMessage());
        }
    }

    /** A job whose replicas kept dying: it ends FAILED (the publication happens inside the reaper's transaction). */
    private void giveUp(Claim claim) {
        ExportRequested request = claim.request();
        Log.warnf("job %s: the lease of %s expired after %d attempt(s); giving up", claim.key(), claim.owner(), claim.attempts());
        String title = catalog.find(request.dataset()).map(Dataset::title).orElse(request.dataset());
        events.publish(new ExportFailed(request.jobId(), request.generation(), Instant.now(), request.requester(),
                request.dataset(), title, ErrorCodes.WORKER_LOST,
                "The export was interrupted " + claim.attempts() + " times and was given up. Please try again.",
                claim.attempts(), true), claim.traceParent());
        if (claim.uploadId() != null) {
            try {
                storage.abortQuietly(ObjectNaming.target(request, CsvFormat.of(request.format(), request.csv())).key(),
                        claim.uploadId());
            } catch (IllegalArgumentException e) {
                Log.debugf("job %s: no upload to abort: %s", claim.key(), e.getMessage());
            }
        }
    }

    /** Runs before the messaging connectors and datasources close, so running exports can still finish or hand back. */
    void stop(@Observes @Priority(1) ShutdownEvent shutdown) {
        if (!accepting && workers == null) {
            return;
        }
        accepting = false;
        if (loop != null) {
            loop.interrupt();
        }
        wakeUp();
        if (workers == null) {
            return;
        }
        workers.shutdown();
        try {
            int inFlight = running.count();
            if (inFlight > 0) {
                Log.infof("shutting down: waiting up to %s for %d running export(s)", config.shutdownGrace(), inFlight);
            }
            if (!workers.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                Log.infof("shutting down: handing %d export(s) back to the queue", running.count());
                running.handBackAll();
                if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                    workers.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.handBackAll();
        }
    }
}
