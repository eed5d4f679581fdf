package dev.exportflow.worker.export;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.storage.StorageConfig;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.claim.StoredFile;

/**
 * Builds the events that tell the other services where a claimed job stands, for the runner, the reaper and the
 * consumers alike; {@code EventPublisher} puts them on Kafka.
 */
@ApplicationScoped
public class JobEvents {

    private final DatasetCatalog catalog;
    private final StorageConfig storage;

    public JobEvents(DatasetCatalog catalog, StorageConfig storage) {
        this.catalog = catalog;
        this.storage = storage;
    }

    /** The completion event of a stored file; also used to announce a finished job again. */
    public ExportCompleted completed(ExportRequested request, StoredFile file) {
        return new ExportCompleted(request.jobId(), request.generation(), Instant.now(), request.requester(), request.dataset(),
                title(request), storage.bucket(), file.objectKey(), file.fileName(), file.contentType(), file.rows(),
                file.bytes(), file.sha256());
    }

    /** The job ends without a file; {@code attempts} are the runs it took. */
    public ExportFailed failed(Claim claim, ExportFailure failure) {
        ExportRequested request = claim.request();
        return new ExportFailed(claim.key().jobId(), claim.key().generation(), Instant.now(), request.requester(),
                request.dataset(), title(request), failure.code(), failure.userMessage(), claim.attempts(), failure.retryable());
    }

    public ExportCancelled cancelled(JobKey key) {
        return new ExportCancelled(key.jobId(), key.generation(), Instant.now());
    }

    /** @param estimatedTotalRows the dataset's estimate, or null while it is not known */
    public ExportProgress progress(JobKey key, long rows, long bytes, Long estimatedTotalRows) {
        return new ExportProgress(key.jobId(), key.generation(), Instant.now(), rows, bytes, estimatedTotalRows);
    }

    /** The dataset's title for people; a dataset no longer in the catalog goes by its name. */
    private String title(ExportRequested request) {
        return catalog.find(request.dataset()).map(Dataset::title).orElse(request.dataset());
    }
}
