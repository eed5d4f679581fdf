package dev.exportflow.notifier.mail;

/**
 * What the "your export failed" email shows.
 *
 * @param message what went wrong, as the worker put it for people
 * @param retryable whether starting the export again may succeed
 * @param reference what to quote to an administrator: the job id
 */
public record FailedEmail(
        String language,
        String datasetTitle,
        String message,
        boolean retryable,
        String reference,
        String historyLink) {
}
