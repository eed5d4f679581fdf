package dev.exportflow.worker.export;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.dataset.NamedSql;
import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.WorkerIdentity;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimStore;
import dev.exportflow.worker.claim.ClaimStoreException;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.claim.StoredFile;
import dev.exportflow.worker.csv.CsvColumn;
import dev.exportflow.worker.csv.CsvFormat;
import dev.exportflow.worker.csv.CsvRowWriter;
import dev.exportflow.worker.export.messaging.EventPublisher;
import dev.exportflow.worker.source.RowPrefetcher;
import dev.exportflow.worker.source.SourceCursor;
import dev.exportflow.worker.source.SourceDatabase;
import dev.exportflow.worker.source.SourceException;
import dev.exportflow.worker.storage.DigestingOutputStream;
import dev.exportflow.worker.storage.ExportStorage;
import dev.exportflow.worker.storage.MultipartUploadStream;
import dev.exportflow.worker.storage.ObjectTarget;
import dev.exportflow.worker.storage.StorageException;

import io.quarkus.logging.Log;

/**
 * Runs one claimed job generation to its end: rows from the source cursor, through the CSV writer, into
 * a multipart upload, then ExportCompleted. A cancel, a shutdown or a lost lease stop it between two rows;
 * a transient failure puts it back in the queue with backoff; a permanent one ends it with ExportFailed.
 */
@ApplicationScoped
public class ExportRunner {

    /** Rows handed from the reading thread to the writing thread at a time, and how many such batches may wait. */
    private static final int PREFETCH_BATCH_ROWS = 1000;
    private static final int PREFETCH_DEPTH = 4;

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final ClaimStore claims;
    private final DatasetCatalog catalog;
    private final SourceDatabase source;
    private final ExportStorage storage;
    private final EventPublisher events;
    private final RunningExports running;
    private final ExportMetrics metrics;
    private final ExecutorService estimates = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "export-estimate");
        thread.setDaemon(true);
        return thread;
    });

    public ExportRunner(WorkerConfig config, WorkerIdentity identity, ClaimStore claims, DatasetCatalog catalog,
            SourceDatabase source, ExportStorage storage, EventPublisher events, RunningExports running, ExportMetrics metrics) {
        this.config = config;
        this.identity = identity;
        this.claims = claims;
        this.catalog = catalog;
        this.source = source;
        this.storage = storage;
        this.events = events;
        this.running = running;
        this.metrics = metrics;
    }

    @PreDestroy
    void stop() {
        estimates.shutdownNow();
    }

    /** Runs a job this replica has just claimed; never throws. */
    public void run(Claim claim) {
        RunningExport export = running.start(claim);
        long started = System.nanoTime();
        JobKey key = claim.key();
        Log.infof("job %s: export started (attempt %d of %d, dataset %s)", key, claim.attempts(), config.maxAttempts(),
                claim.request().dataset());
        try {
            StoredFile file = produce(export);
            finishSucceeded(export, file, Duration.ofNanos(System.nanoTime() - started));
        } catch (ExportStopped stopped) {
            finishStopped(export, stopped.reason(), Duration.ofNanos(System.nanoTime() - started));
        } catch (ExportFailure failure) {
            finishFailed(export, failure, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s: unexpected error", key);
            finishFailed(export, ExportFailure.permanent(ErrorCodes.INTERNAL_ERROR,
                    "The export failed because of an unexpected error in the worker.", true, e),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            running.finish(export);
        }
    }

    private StoredFile produce(RunningExport export) throws ExportStopped, ExportFailure {
        Claim claim = export.claim();
        ExportRequested request = claim.request();
        export.checkStop();
        Dataset dataset = catalog.find(request.dataset()).orElseThrow(() -> ExportFailure.permanent(ErrorCodes.DATASET_UNKNOWN,
                "The dataset '" + request.dataset() + "' does not exist (any more).", false, null));
        CsvFormat format;
        try {
            format = CsvFormat.of(request.format(), request.csv());
        } catch (IllegalArgumentException e) {
            throw ExportFailure.permanent(ErrorCodes.INVALID_REQUEST, e.getMessage(), false, null);
        }
        ObjectTarget target = ObjectNaming.target(request, format);
        try {
            StoredFile earlier = claim.file();
            Optional<Map<String, String>> stored = earlier != null && earlier.objectKey().equals(target.key())
                    ? storage.metadata(target.key()) : Optional.empty();
            if (stored.isPresent()) {
                Log.infof("job %s: an earlier attempt already stored %s; announcing it without exporting again", claim.key(),
                        target.key());
                if (!ObjectNaming.carriesFacts(stored.get(), earlier)) {
                    // that attempt stopped between completing the upload and writing the file's facts
                    storage.replaceMetadata(target.withMetadata(ObjectNaming.facts(earlier)));
                }
                return earlier;
            }
        } catch (StorageException e) {
            throw storageFailure(e);
        }
        if (claim.uploadId() != null && !storage.abortQuietly(target.key(), claim.uploadId())) {
            // keep the id on the claim: the next attempt aborts it once the store answers again
            throw ExportFailure.transientFailure(ErrorCodes.STORAGE_UNAVAILABLE, "The file store could not be reached.", null);
        }
        List<Object> values = bindValues(dataset, request, dataset.sql());
        export.estimate(estimate(dataset, request));
        publishProgress(export, 0, 0);
        return write(export, dataset, format, target, values);
    }

    private StoredFile write(RunningExport export, Dataset dataset, CsvFormat format, ObjectTarget target, List<Object> values)
            throws ExportStopped, ExportFailure {
        JobKey key = export.key();
        String owner = identity.id();
        // Zones PostgreSQL cannot apply itself are applied by the writer to timestamps printed in UTC.
        Optional<String> databaseZone = format.databaseTimeZone();
        boolean zonedBySource = databaseZone.isPresent();
        String sessionZone = databaseZone.orElse("UTC");
        try (SourceCursor cursor = source.open(dataset.sql(), values, dataset.statementTimeout(), config.fetchSize(),
                        sessionZone);
                MultipartUploadStream upload = storage.open(target, uploadId -> recordUpload(export, uploadId))) {
            export.reading(cursor);
            DigestingOutputStream counted = new DigestingOutputStream(upload);
            export.bytes(counted::bytes);
            CsvRowWriter csv = CsvRowWriter.open(counted, format, CsvColumn.of(cursor.columns(), dataset.columns()),
                    config.gzipLevel(), zonedBySource);
            long rowCount = 0;
            boolean finished = false;
            try (RowPrefetcher prefetcher = RowPrefetcher.start(cursor, csv::rawCells, PREFETCH_BATCH_ROWS, PREFETCH_DEPTH,
                    "export-reader-" + key.jobId())) {
                for (byte[][][] batch = prefetcher.next(); batch != null; batch = prefetcher.next()) {
                    for (byte[][] cells : batch) {
                        csv.writeRow(cells);
                    }
                    rowCount += batch.length;
                    export.rowsWritten(rowCount);
                    export.checkStop();
                }
                csv.finish();
                finished = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExportStopped(ExportStopped.Reason.HANDED_BACK);
            } finally {
                if (!finished) {
                    csv.discard();
                }
            }
            export.doneReading();
            export.checkStop();
            StoredFile file = new StoredFile(target.key(), target.fileName(), target.contentType(), rowCount, counted.bytes(),
                    counted.sha256Hex());
            if (!claims.recordFile(key, owner, file)) {
                throw new ExportStopped(ExportStopped.Reason.LEASE_LOST);
            }
            upload.complete(ObjectNaming.facts(file));
            return file;
        } catch (SQLException e) {
            throw failureUnlessStopped(export, sourceFailure(dataset, new SourceException(e)));
        } catch (SourceException e) {
            throw failureUnlessStopped(export, sourceFailure(dataset, e));
        } catch (StorageException e) {
            throw failureUnlessStopped(export, storageFailure(e));
        } catch (IOException e) {
            throw failureUnlessStopped(export, ExportFailure.transientFailure(ErrorCodes.STORAGE_UNAVAILABLE,
                    "The file store could not be reached.", e));
        } catch (LeaseLost e) {
            throw new ExportStopped(ExportStopped.Reason.LEASE_LOST);
        } catch (ClaimStoreException e) {
            throw ExportFailure.transientFailure(ErrorCodes.INTERNAL_ERROR, "The worker's database could not be reached.", e);
        } finally {
            export.doneReading();
        }
    }

    private void recordUpload(RunningExport export, String uploadId) {
        if (!claims.recordUpload(export.key(), identity.id(), uploadId)) {
            throw new LeaseLost();
        }
    }

    /** Publishes where every running export stands; called by the progress clock about once a second. */
    public void publishProgress() {
        for (RunningExport export : running.all()) {
            publishProgress(export, export.rows(), export.bytes());
        }
    }

    private void publishProgress(RunningExport export, long rows, long bytes) {
        events.publishProgress(new ExportProgress(export.key().jobId(), export.key().generation(), Instant.now(), rows, bytes,
                export.estimate().getNow(null)), export.claim().traceParent());
    }

    private CompletableFuture<Long> estimate(Dataset dataset, ExportRequested request) {
        if (dataset.estimateSql() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return source.count(dataset.estimateSql(), bindValues(dataset, request, dataset.estimateSql()),
                        config.estimateTimeout());
            } catch (SourceException | ExportFailure e) {
                Log.debugf("job %s/%d: no row estimate: %s", request.jobId(), request.generation(), e.getMessage());
                return null;
            }
        }, estimates);
    }

    private static List<Object> bindValues(Dataset dataset, ExportRequested request, NamedSql sql)
            throws ExportFailure {
        try {
            Map<String, String> parameters = request.parameters() == null ? Map.of() : request.parameters();
            return dataset.bindValues(sql, parameters, request.requester());
        } catch (RuntimeException e) {
            throw ExportFailure.permanent(ErrorCodes.INVALID_PARAMETERS,
                    "The parameters of the export are not valid for dataset '" + dataset.title() + "'.", false, e);
        }
    }

    private static ExportFailure sourceFailure(Dataset dataset, SourceException e) {
        if (e.transientFailure()) {
            return ExportFailure.transientFailure(ErrorCodes.SOURCE_UNAVAILABLE, "The source database could not be reached.", e);
        }
        if (e.timedOut()) {
            return ExportFailure.permanent(ErrorCodes.QUERY_TIMEOUT, "Reading the data of '" + dataset.title()
                    + "' took longer than the dataset allows (" + forPeople(dataset.statementTimeout()) + ").", true, e);
        }
        return ExportFailure.permanent(ErrorCodes.QUERY_FAILED, "The database rejected the query of dataset '"
                + dataset.title() + "'. An operator has to check the dataset's configuration.", false, e);
    }

    /** {@code 1 s}, {@code 90 s}, {@code 15 min}, {@code 1 h 30 min} rather than ISO 8601's {@code PT1H30M}. */
    static String forPeople(Duration duration) {
        if (duration.toMinutes() < 2) {
            return duration.toSeconds() + " s";
        }
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        return hours == 0 ? minutes + " min" : minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }

    private static ExportFailure storageFailure(StorageException e) {
        return e.transientFailure()
                ? ExportFailure.transientFailure(ErrorCodes.STORAGE_UNAVAILABLE, "The file store could not be reached.", e)
                : ExportFailure.permanent(ErrorCodes.STORAGE_FAILED, "The file store refused the file.", true, e);
    }

    /** When the export was told to stop, a failure of the interrupted query or upload is only the stop's echo. */
    private static ExportFailure failureUnlessStopped(RunningExport export, ExportFailure failure) throws ExportStopped {
        ExportStopped.Reason reason = export.stopReason();
        if (reason != null) {
            throw new ExportStopped(reason);
        }
        return failure;
    }

    private void finishSucceeded(RunningExport export, StoredFile file, Duration took) {
        Claim claim = export.claim();
        ExportRequested request = claim.request();
        try {
            events.publish(completed(request, file, storage.bucket(), catalog), claim.traceParent());
        } catch (EventPublisher.PublishException e) {
            retryLater(export, ExportFailure.transientFailure(ErrorCodes.PUBLISH_FAILED, "The result could not be announced.",
                    e));
            return;
        }
        if (!claims.markSucceeded(claim.key(), identity.id())) {
            Log.warnf("job %s: finished, but the lease had already passed to another replica", claim.key());
        }
        metrics.succeeded(file.rows(), file.bytes(), took);
        Log.infof("job %s: export succeeded: %d rows, %d bytes in %d ms -> %s", claim.key(), file.rows(), file.bytes(),
                took.toMillis(), file.objectKey());
    }

    private void finishStopped(RunningExport export, ExportStopped.Reason reason, Duration took) {
        Claim claim = export.claim();
        switch (reason) {
            case CANCELLED -> {
                try {
                    events.publish(new ExportCancelled(claim.key().jobId(), claim.key().generation(), Instant.now()),
                            claim.traceParent());
                    claims.markCancelled(claim.key(), identity.id());
                    metrics.cancelled(took);
                    Log.infof("job %s: export cancelled after %d ms; no file was kept", claim.key(), took.toMillis());
                } catch (RuntimeException e) {
                    Log.warnf("job %s: cancelled, but recording it failed (the reaper will finish it): %s", claim.key(),
                            e.getMessage());
                }
            }
            case HANDED_BACK -> {
                boolean handedBack = claims.handBack(claim.key(), identity.id());
                Log.infof("job %s: shutting down; the export %s", claim.key(),
                        handedBack ? "goes back to the queue for another replica" : "was already taken over");
            }
            case LEASE_LOST -> Log.warnf("job %s: stopped, another replica owns the job now", claim.key());
            default -> throw new IllegalStateException(reason.name());
        }
    }

    private void finishFailed(RunningExport export, ExportFailure failure, Duration took) {
        Claim claim = export.claim();
        if (failure.transientFailure() && claim.attempts() < config.maxAttempts()) {
            retryLater(export, failure);
            return;
        }
        Log.warnf(failure.getCause(), "job %s: export failed after %d attempt(s): %s", claim.key(), claim.attempts(),
                failure.getMessage());
        ExportRequested request = claim.request();
        String title = catalog.find(request.dataset()).map(Dataset::title).orElse(request.dataset());
        try {
            events.publish(new ExportFailed(claim.key().jobId(), claim.key().generation(), Instant.now(), request.requester(),
                    request.dataset(), title, failure.code(), failure.userMessage(), claim.attempts(), failure.retryable()),
                    claim.traceParent());
        } catch (EventPublisher.PublishException e) {
            retryLater(export, ExportFailure.transientFailure(ErrorCodes.PUBLISH_FAILED, "The failure could not be announced.",
                    e));
            return;
        }
        claims.markFailed(claim.key(), identity.id(), failure.code(), failure.userMessage(), failure.retryable());
        metrics.failed(failure.code(), took);
    }

    private void retryLater(RunningExport export, ExportFailure failure) {
        Claim claim = export.claim();
        Duration delay = backoff(claim.attempts());
        Log.warnf("job %s: attempt %d failed (%s); trying again in %d ms", claim.key(), claim.attempts(), failure.getMessage(),
                delay.toMillis());
        metrics.attemptFailed(failure.code());
        try {
            claims.retryLater(claim.key(), identity.id(), delay, failure.code(), failure.userMessage());
        } catch (ClaimStoreException e) {
            Log.warnf("job %s: could not queue the retry (the reaper will): %s", claim.key(), e.getMessage());
        }
    }

    /** Exponential backoff with jitter: half the doubled delay is fixed, half random. */
    Duration backoff(int attempts) {
        long base = config.retryBackoff().toMillis();
        long max = config.retryBackoffMax().toMillis();
        long delay = Math.min(max, base << Math.min(20, Math.max(0, attempts - 1)));
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    /** The completion event of a stored file; also used to announce a finished job again. */
    public static ExportCompleted completed(ExportRequested request, StoredFile file, String bucket, DatasetCatalog catalog) {
        String title = catalog.find(request.dataset()).map(Dataset::title).orElse(request.dataset());
        return new ExportCompleted(request.jobId(), request.generation(), Instant.now(), request.requester(), request.dataset(),
                title, bucket, file.objectKey(), file.fileName(), file.contentType(), file.rows(), file.bytes(), file.sha256());
    }

    /** The claim store refused an owner-fenced write: another replica holds the job now. */
    private static final class LeaseLost extends RuntimeException {

        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
