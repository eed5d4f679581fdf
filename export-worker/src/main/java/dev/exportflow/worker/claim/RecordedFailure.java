package dev.exportflow.worker.claim;

/**
 * Why a job generation ended without a file, as its claim keeps it and its {@code ExportFailed} tells it.
 *
 * @param code one of {@code dev.exportflow.events.ErrorCodes}
 * @param message for people: never SQL, never a stack trace
 * @param retryable whether running the job again may succeed
 */
public record RecordedFailure(String code, String message, boolean retryable) {
}
