package dev.exportflow.worker.claim;

/** The worker's own database could not be read or written; see {@link WorkerDatabaseUnavailable} for the transient kind. */
public class WorkerDatabaseException extends RuntimeException {

    public WorkerDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
