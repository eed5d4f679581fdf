package dev.exportflow.worker.export;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.worker.WorkerConfig;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimOutcomes;
import dev.exportflow.worker.claim.StoredFile;
import dev.exportflow.worker.claim.WorkerDatabaseException;
import dev.exportflow.worker.csv.CsvRowWriter;
import dev.exportflow.worker.format.ExportColumn;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.format.RowWriter;
import dev.exportflow.worker.jsonl.JsonLinesRowWriter;
import dev.exportflow.worker.request.CheckedRequest;
import dev.exportflow.worker.request.RefusedRequest;
import dev.exportflow.worker.request.RequestCheck;
import dev.exportflow.worker.source.RowPrefetcher;
import dev.exportflow.worker.source.SourceCursor;
import dev.exportflow.worker.source.SourceDatabase;
import dev.exportflow.worker.source.SourceException;
import dev.exportflow.worker.storage.DigestingOutputStream;
import dev.exportflow.worker.storage.ExportStorage;
import dev.exportflow.worker.storage.MultipartUploadStream;
import dev.exportflow.worker.storage.ObjectTarget;
import dev.exportflow.worker.storage.StorageException;
import dev.exportflow.worker.xlsx.XlsxRowWriter;

import io.quarkus.logging.Log;

/**
 * Produces the file of a claimed job: dataset, format, parameters and object key from the request (checked again as
 * untrusted input), then rows from the source cursor through the prefetcher, the writer of its format (CSV, XLSX or
 * JSON Lines) and the digesting stream into a multipart upload, which becomes visible only after the run proved that it
 * still holds its claim. A file an earlier attempt already stored is found and returned instead. Between two batches of
 * rows the export may be told to stop.
 */
@ApplicationScoped
public class ExportPipeline {

    /** Rows handed from the reading thread to the writing thread at a time, and how many such batches may wait. */
    private static final int PREFETCH_BATCH_ROWS = 1000;
    private static final int PREFETCH_DEPTH = 4;

    private final WorkerConfig config;
    private final ClaimOutcomes outcomes;
    private final RequestCheck requests;
    private final SourceDatabase source;
    private final ExportStorage storage;
    private final ProgressReporter progress;

    public ExportPipeline(WorkerConfig config, ClaimOutcomes outcomes, RequestCheck requests, SourceDatabase source,
            ExportStorage storage, ProgressReporter progress) {
        this.config = config;
        this.outcomes = outcomes;
        this.requests = requests;
        this.source = source;
        this.storage = storage;
        this.progress = progress;
    }

    /** The stored file of the export's job; throws when the export was told to stop or failed. */
    StoredFile produce(RunningExport export) throws ExportStopped, ExportFailure {
        Claim claim = export.claim();
        export.checkStop();
        CheckedRequest checked;
        try {
            checked = requests.check(claim.request());
        } catch (RefusedRequest refused) {
            throw FailureClassifier.refused(refused);
        }
        ObjectTarget target = ObjectNaming.target(checked.request(), checked.format());
        Optional<StoredFile> earlier = storedEarlier(claim, target);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (claim.uploadId() != null && !storage.abortQuietly(target.key(), claim.uploadId())) {
            // keep the id on the claim: the next attempt aborts it once the store answers again
            throw FailureClassifier.storageUnreachable(null);
        }
        progress.begin(export, checked);
        return write(export, checked.dataset(), checked.format(), target, checked.bindValues(checked.dataset().sql()));
    }

    /** The file of an earlier attempt that got as far as completing its upload, with its facts in its metadata. */
    private Optional<StoredFile> storedEarlier(Claim claim, ObjectTarget target) throws ExportFailure {
        StoredFile earlier = claim.file();
        try {
            Optional<Map<String, String>> stored = earlier != null && earlier.objectKey().equals(target.key())
                    ? storage.metadata(target.key()) : Optional.empty();
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Log.infof("job %s: an earlier attempt already stored %s; announcing it without exporting again", claim.key(),
                    target.key());
            if (!ObjectNaming.carriesFacts(stored.get(), earlier)) {
                // that attempt stopped between completing the upload and writing the file's facts
                storage.replaceMetadata(target.withMetadata(ObjectNaming.facts(earlier)));
            }
            return Optional.of(earlier);
        } catch (StorageException e) {
            throw FailureClassifier.storage(e);
        }
    }

    private StoredFile write(RunningExport export, Dataset dataset, FileFormat format, ObjectTarget target, List<Object> values)
            throws ExportStopped, ExportFailure {
        // Zones PostgreSQL cannot apply itself are applied by the writer to timestamps printed in UTC.
        Optional<String> databaseZone = format.databaseTimeZone();
        try (SourceCursor cursor = source.open(dataset.sql(), values, dataset.statementTimeout(), config.fetchSize(),
                        databaseZone.orElse("UTC"));
                MultipartUploadStream upload = storage.open(target, uploadId -> recordUpload(export, uploadId))) {
            export.reading(cursor);
            DigestingOutputStream counted = new DigestingOutputStream(upload);
            export.bytes(counted::bytes);
            RowWriter rows = open(counted, format, ExportColumn.of(cursor.columns(), dataset.columns()), databaseZone.isPresent(),
                    dataset.name());
            long rowCount = writeRows(export, cursor, rows);
            export.doneReading();
            export.checkStop();
            StoredFile file = new StoredFile(target.key(), target.fileName(), target.contentType(), rowCount, counted.bytes(),
                    counted.sha256Hex());
            // the last parts are up; the object becomes visible only if the run still holds its claim
            upload.complete(ObjectNaming.facts(file), () -> recordFile(export, file));
            return file;
        } catch (SQLException e) {
            throw failureUnlessStopped(export, FailureClassifier.source(dataset, new SourceException(e)));
        } catch (SourceException e) {
            throw failureUnlessStopped(export, FailureClassifier.source(dataset, e));
        } catch (StorageException e) {
            throw failureUnlessStopped(export, FailureClassifier.storage(e));
        } catch (IOException e) {
            throw failureUnlessStopped(export, FailureClassifier.storageUnreachable(e));
        } catch (LeaseLost e) {
            throw new ExportStopped(ExportStopped.Reason.LEASE_LOST);
        } catch (WorkerDatabaseException e) {
            throw FailureClassifier.workerDatabase(e);
        } finally {
            export.doneReading();
        }
    }

    /** The writer of the export's format; every format has the same columns and streams into the same upload. */
    private RowWriter open(DigestingOutputStream target, FileFormat format, List<ExportColumn> columns, boolean zonedBySource,
            String dataset) throws IOException {
        return switch (format.format()) {
            case CSV -> CsvRowWriter.open(target, format, columns, config.gzipLevel(), zonedBySource);
            case XLSX -> XlsxRowWriter.open(target, format, columns, zonedBySource, dataset, XlsxRowWriter.MAX_ROWS);
            case JSONL -> JsonLinesRowWriter.open(target, format, columns, config.gzipLevel(), zonedBySource);
        };
    }

    /** Every row of the cursor into the file's writer, looking for a stop between batches; answers the row count. */
    private static long writeRows(RunningExport export, SourceCursor cursor, RowWriter writer)
            throws SQLException, IOException, ExportStopped {
        long rowCount = 0;
        boolean finished = false;
        try (RowPrefetcher prefetcher = RowPrefetcher.start(cursor, writer::rawCells, PREFETCH_BATCH_ROWS, PREFETCH_DEPTH)) {
            for (byte[][][] batch = prefetcher.next(); batch != null; batch = prefetcher.next()) {
                for (byte[][] cells : batch) {
                    writer.writeRow(cells);
                }
                rowCount += batch.length;
                export.rowsWritten(rowCount);
                export.checkStop();
            }
            writer.finish();
            finished = true;
            return rowCount;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportStopped(ExportStopped.Reason.HANDED_BACK);
        } finally {
            if (!finished) {
                writer.discard();
            }
        }
    }

    private void recordUpload(RunningExport export, String uploadId) {
        if (!outcomes.recordUpload(export.claim().run(), uploadId)) {
            throw new LeaseLost();
        }
    }

    /**
     * The proof right before the upload is completed: a fenced write of the file's facts. S3 has no conditional
     * completion, so a lease lost between this write and the completion still completes the object (see worker.md).
     */
    private void recordFile(RunningExport export, StoredFile file) {
        if (!outcomes.recordFile(export.claim().run(), file)) {
            throw new LeaseLost();
        }
    }

    /** When the export was told to stop, a failure of the interrupted query or upload is only the stop's echo. */
    private static ExportFailure failureUnlessStopped(RunningExport export, ExportFailure failure) throws ExportStopped {
        ExportStopped.Reason reason = export.stopReason();
        if (reason != null) {
            throw new ExportStopped(reason);
        }
        return failure;
    }

    /** The claim store refused a fenced write: another run holds the job now. */
    private static final class LeaseLost extends RuntimeException {

        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
