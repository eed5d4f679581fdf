package dev.exportflow.worker.export;

/** The machine-readable codes of {@code ExportFailed.errorCode}. */
public final class ErrorCodes {

    public static final String DATASET_UNKNOWN = "DATASET_UNKNOWN";
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String INVALID_PARAMETERS = "INVALID_PARAMETERS";
    public static final String QUERY_FAILED = "QUERY_FAILED";
    public static final String QUERY_TIMEOUT = "QUERY_TIMEOUT";
    public static final String SOURCE_UNAVAILABLE = "SOURCE_UNAVAILABLE";
    public static final String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";
    public static final String STORAGE_FAILED = "STORAGE_FAILED";
    public static final String PUBLISH_FAILED = "PUBLISH_FAILED";
    public static final String WORKER_LOST = "WORKER_LOST";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private ErrorCodes() {
    }
}
