package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.claim.Run;
import dev.exportflow.worker.source.SourceCursor;

/**
 * One export running on this replica, as the other threads see it: the heartbeat and the cancel consumer
 * set the stop flag here, the export thread reads it between batches of rows (one volatile read, nothing more).
 */
public final class RunningExport {

    private final Claim claim;
    private final long registeredAt = System.nanoTime();
    private volatile ExportStopped.Reason stop;
    private volatile boolean ending;
    private volatile SourceCursor cursor;
    private volatile CompletableFuture<Long> estimate = CompletableFuture.completedFuture(null);
    private final AtomicReference<Supplier<CompletableFuture<Long>>> deferredEstimate = new AtomicReference<>();
    private final AtomicLong rows = new AtomicLong();
    private volatile LongSupplier bytes = () -> 0;

    RunningExport(Claim claim) {
        this.claim = claim;
    }

    public JobKey key() {
        return claim.key();
    }

    /** This run of the job: one replica may hold an old and a new run of the same job for a moment. */
    public Run run() {
        return claim.run();
    }

    Claim claim() {
        return claim;
    }

    long registeredAt() {
        return registeredAt;
    }

    /** Called by the export thread between batches of rows: throws when the export has to stop. */
    void checkStop() throws ExportStopped {
        ExportStopped.Reason reason = stop;
        if (reason != null) {
            throw new ExportStopped(reason);
        }
    }

    ExportStopped.Reason stopReason() {
        return stop;
    }

    /**
     * Says that the pipeline is done and the run only records its ending, fenced by its token. The heartbeat then
     * leaves it alone: the claim it no longer finds running was ended by this very run, not taken by another.
     */
    void ending() {
        ending = true;
    }

    boolean isEnding() {
        return ending;
    }

    /** Asks the export to stop; a query still running in the database is cancelled so the thread notices at once. */
    void stop(ExportStopped.Reason reason) {
        if (stop == null) {
            stop = reason;
        }
        SourceCursor reading = cursor;
        if (reading != null) {
            reading.cancel();
        }
    }

    void reading(SourceCursor cursor) {
        this.cursor = cursor;
        if (stop != null) {
            cursor.cancel();
        }
    }

    void doneReading() {
        this.cursor = null;
    }

    CompletableFuture<Long> estimate() {
        return estimate;
    }

    /** Keeps the start of the row estimate until {@link #startEstimateIfDue} finds the export running long enough. */
    void deferEstimate(Supplier<CompletableFuture<Long>> start) {
        deferredEstimate.set(start);
    }

    /** Starts the deferred estimate, once, when the export has run for {@code after}. */
    void startEstimateIfDue(Duration after) {
        if (deferredEstimate.get() != null && System.nanoTime() - registeredAt >= after.toNanos()) {
            Supplier<CompletableFuture<Long>> start = deferredEstimate.getAndSet(null);
            if (start != null) {
                estimate = start.get();
            }
        }
    }

    /** Called by the export thread after every batch of rows; read by the progress clock about once a second. */
    void rowsWritten(long count) {
        rows.lazySet(count);
    }

    long rows() {
        return rows.get();
    }

    void bytes(LongSupplier written) {
        this.bytes = written;
    }

    long bytes() {
        return bytes.getAsLong();
    }
}
