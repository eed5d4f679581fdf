package dev.exportflow.worker.claim;

import java.time.Instant;
import java.util.UUID;

import dev.exportflow.events.ExportRequested;

/**
 * A job generation as the worker's database knows it.
 *
 * @param request the original request; null while only a cancel request has arrived
 * @param uploadId the multipart upload of the last attempt, aborted before the next one starts
 * @param file the recorded file of an attempt that got as far as completing its upload, or null
 * @param traceParent the trace of the request (W3C {@code traceparent}) that the job's events continue, or null
 * @param runToken the token of the run that took the claim last, or null when none has
 * @param startedAt when the first run took the claim, or null when none has
 */
public record Claim(
        JobKey key,
        ClaimState state,
        ExportRequested request,
        boolean cancelRequested,
        String owner,
        int attempts,
        String uploadId,
        StoredFile file,
        String errorCode,
        String errorMessage,
        Boolean retryable,
        String traceParent,
        UUID runToken,
        Instant startedAt) {

    /** The run that holds (or last held) the claim: what fences its writes. */
    public Run run() {
        return new Run(key, runToken);
    }
}
