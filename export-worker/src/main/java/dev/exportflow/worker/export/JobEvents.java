package dev.exportflow.worker.export;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.storage.StorageConfig;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.claim.StoredFile;

/**
 * Builds the events that tell the other services where a claimed job stands, for the runner, the reaper, the sweep and
 * the consumers alike; {@code EventPublisher} puts them on Kafka. An outcome is built from the ended claim alone, so
 * that whoever publishes it (the run, or the sweep after a crash) tells the same.
 */
@ApplicationScoped
public class JobEvents {

    private final DatasetCatalog catalog;
    private final StorageConfig storage;

    public JobEvents(DatasetCatalog catalog, StorageConfig storage) {
        this.catalog = catalog;
        this.storage = storage;
    }

    /** The outcome an ended claim owes: ExportCompleted, ExportFailed or ExportCancelled. */
    public ExportEvent outcome(Claim ended) {
        return switch (ended.state()) {
            case SUCCEEDED -> completed(ended);
            case FAILED -> failed(ended);
            case CANCELLED -> new ExportCancelled(ended.key().jobId(), ended.key().generation(), Instant.now());
            case PENDING, RUNNING -> throw new IllegalArgumentException("job " + ended.key() + " has not ended");
        };
    }

    /** A worker holds the request durably, since {@code since}, and runs it when a slot is free. */
    public ExportQueued queued(JobKey key, Instant since) {
        return new ExportQueued(key.jobId(), key.generation(), since);
    }

    /** @param estimatedTotalRows the dataset's estimate, or null while it is not known */
    public ExportProgress progress(JobKey key, long rows, long bytes, Long estimatedTotalRows) {
        return new ExportProgress(key.jobId(), key.generation(), Instant.now(), rows, bytes, estimatedTotalRows);
    }

    private ExportCompleted completed(Claim ended) {
        ExportRequested request = ended.request();
        StoredFile file = ended.file();
        return new ExportCompleted(request.jobId(), request.generation(), Instant.now(), request.requester(), request.dataset(),
                title(request), storage.bucket(), file.objectKey(), file.fileName(), file.contentType(), file.rows(),
                file.bytes(), file.sha256(), ended.startedAt());
    }

    /** The job ends without a file; {@code attempts} are the runs it took (none for a refused request). */
    private ExportFailed failed(Claim ended) {
        ExportRequested request = ended.request();
        return new ExportFailed(ended.key().jobId(), ended.key().generation(), Instant.now(),
                request == null ? null : request.requester(), request == null ? null : request.dataset(), title(request),
                ended.errorCode(), ended.errorMessage(), ended.attempts(), Boolean.TRUE.equals(ended.retryable()));
    }

    /** The dataset's title for people; a dataset no longer in the catalog goes by its name. */
    private String title(ExportRequested request) {
        if (request == null || request.dataset() == null) {
            return null;
        }
        return catalog.find(request.dataset()).map(Dataset::title).orElse(request.dataset());
    }
}
