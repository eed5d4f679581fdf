package dev.exportflow.notifier.mail;

/**
 * What the "your export is ready" email shows, already formatted for the recipient.
 *
 * @param language the recipient's language, for {@code <html lang>}
 * @param rows the row count in the recipient's number format; {@code rowCount} picks singular or plural
 */
public record CompletedEmail(
        String language,
        String datasetTitle,
        String fileName,
        String rows,
        long rowCount,
        String size,
        String link,
        String expiresAt,
        String historyLink) {
}
