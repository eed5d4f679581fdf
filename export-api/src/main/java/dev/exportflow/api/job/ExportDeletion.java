package dev.exportflow.api.job;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.security.Caller;
import dev.exportflow.api.storage.ObjectStorage;
import dev.exportflow.api.storage.StorageException;

import io.quarkus.logging.Log;
import io.smallrye.context.api.ManagedExecutorConfig;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Deletes an export for its owner: the job becomes DELETED in one transaction (its links answer 410 from then on),
 * then its file is deleted in the background. The user never waits for the object store, and its being down does
 * not fail the request: the file is then an orphan, which the retention sweep deletes (docs/security.md).
 */
@ApplicationScoped
public class ExportDeletion {

    private final ExportJobService jobs;
    private final ObjectStorage storage;
    private final ManagedExecutor executor;

    /** @param executor propagates nothing: the delete outlives the request that asked for it */
    public ExportDeletion(ExportJobService jobs, ObjectStorage storage,
            @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING) ManagedExecutor executor) {
        this.jobs = jobs;
        this.storage = storage;
        this.executor = executor;
    }

    /**
     * @throws dev.exportflow.api.problem.ProblemException 404 for someone else's job, 409 while it has not ended
     */
    public JobView delete(Caller caller, UUID id) {
        ExportJobService.Deletion deletion = jobs.delete(caller, id);
        ExportJobService.StoredFile file = deletion.file();
        if (file != null) {
            executor.runAsync(() -> deleteFile(id, file));
        }
        return deletion.job();
    }

    private void deleteFile(UUID id, ExportJobService.StoredFile file) {
        try {
            storage.delete(file.bucket(), file.objectKey());
            Log.infof("job %s: file %s deleted", id, file.objectKey());
        } catch (StorageException e) {
            Log.warnf("job %s: file %s not deleted (%s); the retention sweep deletes it as an orphan", id, file.objectKey(),
                    e.getMessage());
        }
    }
}
