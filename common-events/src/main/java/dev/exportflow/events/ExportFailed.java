package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An export ended without a file.
 *
 * @param errorCode stable machine-readable code, e.g. {@code QUERY_FAILED}, {@code DATASET_UNKNOWN}
 * @param message what happened, in words a person understands; never SQL or a stack trace
 * @param attempts how many times the worker tried
 * @param retryable whether running the job again may succeed
 */
public record ExportFailed(
        UUID jobId,
        int generation,
        Instant occurredAt,
        Requester requester,
        String dataset,
        String datasetTitle,
        String errorCode,
        String message,
        int attempts,
        boolean retryable) implements ExportEvent {
}
