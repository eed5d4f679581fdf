package dev.exportflow.worker.export;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.context.ManagedExecutor;

import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.export.messaging.EventPublisher;
import dev.exportflow.worker.request.CheckedRequest;
import dev.exportflow.worker.source.SourceDatabase;
import dev.exportflow.worker.source.SourceException;

import io.quarkus.logging.Log;

/**
 * Tells the other services how far this replica's exports are, at every tick of the progress clock, with the dataset's
 * row estimate as soon as its query has answered. An export shows as running from its first tick on: one that ends
 * before it (most small ones) publishes no progress at all, only its outcome, which says when it started.
 */
@ApplicationScoped
public class ProgressReporter {

    private final WorkerConfig config;
    private final RunningExports running;
    private final SourceDatabase source;
    private final JobEvents jobEvents;
    private final EventPublisher events;
    private final ManagedExecutor executor;

    public ProgressReporter(WorkerConfig config, RunningExports running, SourceDatabase source, JobEvents jobEvents,
            EventPublisher events, ManagedExecutor executor) {
        this.config = config;
        this.running = running;
        this.source = source;
        this.jobEvents = jobEvents;
        this.events = events;
        this.executor = executor;
    }

    /**
     * Prepares the dataset's optional estimate query, which runs on a connection of its own once the export has run for
     * {@code estimate-after}: an export that ends sooner never shows a total (it ends before the progress that would
     * carry it), so its estimate would only cost the source database a query.
     */
    void begin(RunningExport export, CheckedRequest checked) {
        if (checked.dataset().estimateSql() != null) {
            export.deferEstimate(() -> estimate(export, checked));
            export.startEstimateIfDue(config.estimateAfter());
        }
    }

    /** Reports every export running here, starting the estimates that are due; called by the progress clock. */
    void reportAll() {
        for (RunningExport export : running.all()) {
            export.startEstimateIfDue(config.estimateAfter());
            report(export);
        }
    }

    private void report(RunningExport export) {
        events.publishProgress(jobEvents.progress(export.key(), export.rows(), export.bytes(), export.estimate().getNow(null)),
                export.claim().traceParent());
    }

    private CompletableFuture<Long> estimate(RunningExport export, CheckedRequest checked) {
        return executor.supplyAsync(() -> {
            try {
                return source.count(checked.dataset().estimateSql(), checked.bindValues(checked.dataset().estimateSql()),
                        config.estimateTimeout());
            } catch (SourceException | RuntimeException e) {
                // progress simply goes without a total
                Log.debugf("job %s: no row estimate: %s", export.key(), e.getMessage());
                return null;
            }
        });
    }
}
