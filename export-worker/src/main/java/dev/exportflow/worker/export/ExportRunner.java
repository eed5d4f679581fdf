package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimOutcomes;
import dev.exportflow.worker.claim.StoredFile;
import dev.exportflow.worker.claim.WorkerDatabaseException;

import io.quarkus.logging.Log;

/**
 * Runs a claimed job through the pipeline to the end its outcome calls for: succeeded (ExportCompleted), stopped
 * (cancelled, handed back on shutdown, or lease lost to another run), failed for good (ExportFailed), or back in the
 * queue with backoff after a transient failure. An ending is first committed, fenced by the run's token, and only then
 * announced: a run that lost its claim announces nothing, and a crash in between leaves the outcome owed to the sweep.
 */
@ApplicationScoped
public class ExportRunner {

    private final WorkerConfig config;
    private final ExportPipeline pipeline;
    private final ClaimOutcomes outcomes;
    private final OutcomeAnnouncer announcer;
    private final RetryBackoff backoff;
    private final ExportMetrics metrics;

    public ExportRunner(WorkerConfig config, ExportPipeline pipeline, ClaimOutcomes outcomes, OutcomeAnnouncer announcer,
            RetryBackoff backoff, ExportMetrics metrics) {
        this.config = config;
        this.pipeline = pipeline;
        this.outcomes = outcomes;
        this.announcer = announcer;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** Runs an export this replica has just claimed and registered; never throws. */
    void run(RunningExport export) {
        Claim claim = export.claim();
        Log.infof("job %s: export started (attempt %d of %d, dataset %s)", claim.run(), claim.attempts(),
                config.maxAttempts(), claim.request().dataset());
        try {
            runToItsEnd(export, System.nanoTime());
        } catch (WorkerDatabaseException e) {
            Log.warnf("job %s: the end of the run could not be recorded; once its lease runs out the job runs again: %s",
                    claim.key(), e.getMessage());
        }
    }

    private void runToItsEnd(RunningExport export, long started) {
        Claim claim = export.claim();
        StoredFile file;
        try {
            file = produce(export);
        } catch (ExportStopped stopped) {
            stopped(claim, stopped.reason(), since(started));
            return;
        } catch (ExportFailure failure) {
            failed(claim, failure, since(started));
            return;
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s: unexpected error", claim.key());
            failed(claim, FailureClassifier.unexpected(e), since(started));
            return;
        }
        succeeded(claim, file, since(started));
    }

    private StoredFile produce(RunningExport export) throws ExportStopped, ExportFailure {
        try {
            return pipeline.produce(export);
        } finally {
            export.ending();
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void succeeded(Claim claim, StoredFile file, Duration took) {
        Optional<Claim> ended = outcomes.markSucceeded(claim.run());
        if (ended.isEmpty()) {
            Log.warnf("job %s: finished, but another run holds the job now; this run announces nothing", claim.run());
            return;
        }
        metrics.succeeded(file.rows(), file.bytes(), took);
        Log.infof("job %s: export succeeded: %d rows, %d bytes in %d ms -> %s", claim.key(), file.rows(), file.bytes(),
                took.toMillis(), file.objectKey());
        announcer.announce(ended.get());
    }

    private void stopped(Claim claim, ExportStopped.Reason reason, Duration took) {
        switch (reason) {
            case CANCELLED -> {
                Optional<Claim> ended = outcomes.markCancelled(claim.run());
                if (ended.isEmpty()) {
                    Log.warnf("job %s: cancelled, but another run holds the job now", claim.run());
                    return;
                }
                metrics.cancelled(took);
                Log.infof("job %s: export cancelled after %d ms; no file was kept", claim.key(), took.toMillis());
                announcer.announce(ended.get());
            }
            case HANDED_BACK -> {
                boolean handedBack = outcomes.handBack(claim.run());
                Log.infof("job %s: shutting down; the export %s", claim.key(),
                        handedBack ? "goes back to the queue for another replica" : "was already taken over");
            }
            case LEASE_LOST -> Log.warnf("job %s: stopped, another run holds the job now", claim.run());
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
        Optional<Claim> ended = outcomes.markFailed(claim.run(), failure.recorded());
        if (ended.isEmpty()) {
            Log.warnf("job %s: failed, but another run holds the job now; this run announces nothing", claim.run());
            return;
        }
        metrics.failed(failure.code(), took);
        announcer.announce(ended.get());
    }

    private void retryLater(Claim claim, ExportFailure failure) {
        Duration delay = backoff.after(claim.attempts());
        Log.warnf("job %s: attempt %d failed (%s); trying again in %d ms", claim.key(), claim.attempts(), failure.getMessage(),
                delay.toMillis());
        metrics.attemptFailed(failure.code());
        if (!outcomes.retryLater(claim.run(), delay, failure.recorded())) {
            Log.warnf("job %s: another run holds the job now; its retry is that run's business", claim.run());
        }
    }
}
