package dev.exportflow.worker.storage;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;

/**
 * The object store refused or failed a request. {@link #transientFailure()} tells whether trying again
 * later may help (connection failures, timeouts, 5xx answers) or not (access denied, no such bucket).
 */
public class StorageException extends IOException {

    private final boolean transientFailure;

    public StorageException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** Wraps what the MinIO client threw or completed a future with. */
    public static StorageException of(String what, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StorageException storage) {
            return storage;
        }
        return new StorageException(what + " failed: " + describe(cause), cause, isTransient(cause));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static boolean isTransient(Throwable cause) {
        if (cause instanceof ErrorResponseException error) {
            int status = error.response() == null ? 0 : error.response().code();
            String code = error.errorResponse() == null ? "" : error.errorResponse().code();
            return status >= 500 || status == 429 || "SlowDown".equals(code) || "InternalError".equals(code)
                    || "RequestTimeout".equals(code);
        }
        return cause instanceof ServerException || cause instanceof InvalidResponseException || cause instanceof IOException;
    }

    private static String describe(Throwable cause) {
        if (cause instanceof ErrorResponseException error && error.errorResponse() != null) {
            return error.errorResponse().code() + " (" + error.errorResponse().message() + ")";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
