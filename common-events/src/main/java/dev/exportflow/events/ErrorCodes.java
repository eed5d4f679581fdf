package dev.exportflow.events;

/**
 * The machine-readable codes of {@link ExportFailed#errorCode()}, shown on the job and filtered by operators. Stable:
 * a code is never renamed or reused for another cause.
 */
public final class ErrorCodes {

    /** The dataset is not (any more) in the catalog. */
    public static final String DATASET_UNKNOWN = "DATASET_UNKNOWN";
    /** Unsupported format, delimiter, time zone or null text. */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    /** A parameter is not of its type. */
    public static final String INVALID_PARAMETERS = "INVALID_PARAMETERS";
    /** The database rejected the query. */
    public static final String QUERY_FAILED = "QUERY_FAILED";
    /** The dataset's statement timeout: the database took longer for one fetch than it may. */
    public static final String QUERY_TIMEOUT = "QUERY_TIMEOUT";
    /** The source database could not be reached (after the retries). */
    public static final String SOURCE_UNAVAILABLE = "SOURCE_UNAVAILABLE";
    /** The object store could not be reached (after the retries). */
    public static final String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";
    /** The object store refused the file (access denied, no such bucket). */
    public static final String STORAGE_FAILED = "STORAGE_FAILED";
    /** The outcome could not be announced on Kafka (after the retries). */
    public static final String PUBLISH_FAILED = "PUBLISH_FAILED";
    /** The worker running it was lost too often. */
    public static final String WORKER_LOST = "WORKER_LOST";
    /** A bug; the log has the details. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    /** Kafka refused the job's event for good (too large, invalid): it could never reach a worker. */
    public static final String EVENT_REFUSED = "EVENT_REFUSED";
    /** No worker acknowledged the request, also after it was sent again. */
    public static final String NOT_ACCEPTED = "NOT_ACCEPTED";
    /** A worker held the request but never started it within the longest time a job may wait. */
    public static final String QUEUE_TIMEOUT = "QUEUE_TIMEOUT";

    private ErrorCodes() {
    }
}
