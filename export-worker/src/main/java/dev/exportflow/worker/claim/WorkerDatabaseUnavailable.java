package dev.exportflow.worker.claim;

/**
 * The worker database did not answer (no connection, the server is shutting down or starting, the pool timed out):
 * trying the same work again later succeeds once it is back.
 */
public class WorkerDatabaseUnavailable extends WorkerDatabaseException {

    public WorkerDatabaseUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
