package dev.exportflow.api.job;

/**
 * The job store could not take a valid report: no connection, a failover, a full disk, a trigger or a lock in the
 * way. Nothing about the report itself, so trying again later succeeds once the store is back.
 */
public class JobStoreException extends RuntimeException {

    public JobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
