package dev.exportflow.worker.export;

import java.io.IOException;
import java.time.Duration;

import dev.exportflow.events.ErrorCodes;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.worker.claim.WorkerDatabaseException;
import dev.exportflow.worker.request.RefusedRequest;
import dev.exportflow.worker.source.SourceException;
import dev.exportflow.worker.storage.StorageException;

/**
 * Turns what went wrong in a run into an {@link ExportFailure}: its code, whether it is transient, and the message
 * for people (never SQL, never a stack trace: those go to the log).
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /** The request fails the checks it passed when it was queued (the catalog changed meanwhile, say). */
    public static ExportFailure refused(RefusedRequest refused) {
        return ExportFailure.permanent(refused.reason().errorCode(), refused.getMessage(), false, null);
    }

    /** The SQL state decides: the connection or the server (transient), the dataset's timeout, or the query itself. */
    public static ExportFailure source(Dataset dataset, SourceException e) {
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

    public static ExportFailure storage(StorageException e) {
        return e.transientFailure()
                ? storageUnreachable(e)
                : ExportFailure.permanent(ErrorCodes.STORAGE_FAILED, "The file store refused the file.", true, e);
    }

    /** @param cause what the upload threw, or null when the store simply did not answer */
    public static ExportFailure storageUnreachable(IOException cause) {
        return ExportFailure.transientFailure(ErrorCodes.STORAGE_UNAVAILABLE, "The file store could not be reached.", cause);
    }

    public static ExportFailure workerDatabase(WorkerDatabaseException e) {
        return ExportFailure.transientFailure(ErrorCodes.INTERNAL_ERROR, "The worker's database could not be reached.", e);
    }

    /** A bug in the worker. */
    public static ExportFailure unexpected(RuntimeException e) {
        return ExportFailure.permanent(ErrorCodes.INTERNAL_ERROR,
                "The export failed because of an unexpected error in the worker.", true, e);
    }

    /** The replicas running the job kept dying (or hanging) until its attempts were used up. */
    public static ExportFailure workerLost(int attempts) {
        return ExportFailure.permanent(ErrorCodes.WORKER_LOST,
                "The export was interrupted " + attempts + " times and was given up. Please try again.", true, null);
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
}
