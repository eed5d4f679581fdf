package dev.exportflow.worker.export;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.WorkerIdentity;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimOutcomes;
import dev.exportflow.worker.claim.StoredFile;
import dev.exportflow.worker.claim.WorkerDatabaseException;
import dev.exportflow.worker.export.messaging.EventPublisher;

import io.quarkus.logging.Log;

/**
 * Runs a claimed job through the pipeline to the end its outcome calls for: succeeded (ExportCompleted), stopped
 * (cancelled, handed back on shutdown, or lease lost to another replica), failed for good (ExportFailed), or back in
 * the queue with backoff after a transient failure. An outcome is announced before the claim records it, so a crash
 * in between leads to the same announcement again, never to none.
 */
@ApplicationScoped
public class ExportRunner {

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final ExportPipeline pipeline;
    private final ClaimOutcomes outcomes;
    private final JobEvents jobEvents;
    private final EventPublisher events;
    private final RetryBackoff backoff;
    private final ExportMetrics metrics;

    public ExportRunner(WorkerConfig config, WorkerIdentity identity, ExportPipeline pipeline, ClaimOutcomes outcomes,
            JobEvents jobEvents, EventPublisher events, RetryBackoff backoff, ExportMetrics metrics) {
        this.config = config;
        this.identity = identity;
        this.pipeline = pipeline;
        this.outcomes = outcomes;
        this.jobEvents = jobEvents;
        this.events = events;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** Runs an export this replica has just claimed and registered; never throws. */
    void run(RunningExport export) {
        Claim claim = export.claim();
        long started = System.nanoTime();
        Log.infof("job %s: export started (attempt %d of %d, dataset %s)", claim.key(), claim.attempts(), config.maxAttempts(),
                claim.request().dataset());
        try {
            StoredFile file = pipeline.produce(export);
            succeeded(claim, file, Duration.ofNanos(System.nanoTime() - started));
        } catch (ExportStopped stopped) {
            stopped(claim, stopped.reason(), Duration.ofNanos(System.nanoTime() - started));
        } catch (ExportFailure failure) {
            failed(claim, failure, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s: unexpected error", claim.key());
            failed(claim, FailureClassifier.unexpected(e), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void succeeded(Claim claim, StoredFile file, Duration took) {
        try {
            events.publish(jobEvents.completed(claim.request(), file), claim.traceParent());
        } catch (EventPublisher.PublishException e) {
            retryLater(claim, FailureClassifier.resultNotAnnounced(e));
            return;
        }
        if (!outcomes.markSucceeded(claim.key(), identity.id())) {
            Log.warnf("job %s: finished, but the lease had already passed to another replica", claim.key());
        }
        metrics.succeeded(file.rows(), file.bytes(), took);
        Log.infof("job %s: export succeeded: %d rows, %d bytes in %d ms -> %s", claim.key(), file.rows(), file.bytes(),
                took.toMillis(), file.objectKey());
    }

    private void stopped(Claim claim, ExportStopped.Reason reason, Duration took) {
        switch (reason) {
            case CANCELLED -> {
                try {
                    events.publish(jobEvents.cancelled(claim.key()), claim.traceParent());
                    outcomes.markCancelled(claim.key(), identity.id());
                    metrics.cancelled(took);
                    Log.infof("job %s: export cancelled after %d ms; no file was kept", claim.key(), took.toMillis());
                } catch (RuntimeException e) {
                    Log.warnf("job %s: cancelled, but recording it failed (the reaper will finish it): %s", claim.key(),
                            e.getMessage());
                }
            }
            case HANDED_BACK -> {
                boolean handedBack = outcomes.handBack(claim.key(), identity.id());
                Log.infof("job %s: shutting down; the export %s", claim.key(),
                        handedBack ? "goes back to the queue for another replica" : "was already taken over");
            }
            case LEASE_LOST -> Log.warnf("job %s: stopped, another replica owns the job now", claim.key());
            default -> throw new IllegalStateException(reason.name());
        }
    }

    private void failed(Claim claim, ExportFailure failure, Duration took) {
        if (failure.transientFailure() && claim.attempts() < config.maxAttempts()) {
            retryLater(claim, failure);
            return;
        }
        Log.warnf(failure.getCause(), "job %s: export failed after %d attempt(s): %s", claim.key(), claim.attempts(),
                failure.getMessage());
        try {
            events.publish(jobEvents.failed(claim, failure), claim.traceParent());
        } catch (EventPublisher.PublishException e) {
            retryLater(claim, FailureClassifier.failureNotAnnounced(e));
            return;
        }
        outcomes.markFailed(claim.key(), identity.id(), failure.code(), failure.userMessage(), failure.retryable());
        metrics.failed(failure.code(), took);
    }

    private void retryLater(Claim claim, ExportFailure failure) {
        Duration delay = backoff.after(claim.attempts());
        Log.warnf("job %s: attempt %d failed (%s); trying again in %d ms", claim.key(), claim.attempts(), failure.getMessage(),
                delay.toMillis());
        metrics.attemptFailed(failure.code());
        try {
            outcomes.retryLater(claim.key(), identity.id(), delay, failure.code(), failure.userMessage());
        } catch (WorkerDatabaseException e) {
            Log.warnf("job %s: could not queue the retry (the reaper will): %s", claim.key(), e.getMessage());
        }
    }
}
