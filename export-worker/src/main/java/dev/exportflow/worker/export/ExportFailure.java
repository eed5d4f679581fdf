package dev.exportflow.worker.export;

import dev.exportflow.worker.claim.RecordedFailure;

/**
 * Why an export attempt produced no file.
 *
 * @see dev.exportflow.events.ErrorCodes
 */
public final class ExportFailure extends Exception {

    private final String code;
    private final String userMessage;
    private final boolean transientFailure;
    private final boolean retryable;

    private ExportFailure(String code, String userMessage, boolean transientFailure, boolean retryable, Throwable cause) {
        super(code + ": " + (cause == null ? userMessage : cause.getMessage()), cause);
        this.code = code;
        this.userMessage = userMessage;
        this.transientFailure = transientFailure;
        this.retryable = retryable;
    }

    /** Trying again soon may help: the worker does so itself, with backoff. */
    public static ExportFailure transientFailure(String code, String userMessage, Throwable cause) {
        return new ExportFailure(code, userMessage, true, true, cause);
    }

    /**
     * The same request fails the same way: no automatic retry.
     *
     * @param retryable whether the user may still succeed by running it again later
     */
    public static ExportFailure permanent(String code, String userMessage, boolean retryable, Throwable cause) {
        return new ExportFailure(code, userMessage, false, retryable, cause);
    }

    public String code() {
        return code;
    }

    /** What happened, for the user: never SQL, never a stack trace. */
    public String userMessage() {
        return userMessage;
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The failure as the job's claim records it and its ExportFailed tells it. */
    public RecordedFailure recorded() {
        return new RecordedFailure(code, userMessage, retryable);
    }
}
