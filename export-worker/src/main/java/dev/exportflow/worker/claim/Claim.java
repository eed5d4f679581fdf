package dev.exportflow.worker.claim;

import dev.exportflow.events.ExportRequested;

/**
 * A job generation as the worker's database knows it.
 *
 * @param request the original request; null while only a cancel request has arrived
 * @param uploadId the multipart upload of the last attempt, aborted before the next one starts
 * @param file the recorded file of an attempt that got as far as completing its upload, or null
 * @param traceParent the trace of the request (W3C {@code traceparent}) that the job's events continue, or null
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
        String traceParent) {
}
