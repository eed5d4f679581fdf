package dev.exportflow.notifier.mail;

/**
 * What the "your export is ready" email shows, already formatted for the recipient.
 *
 * @param language the recipient's language, for {@code <html lang>}
 * @param fileFormat the file's format in the recipient's language ("Excel workbook"); null when its name says none
 * @param rows the row count in the recipient's number format; {@code rowCount} picks singular or plural
 */
public record CompletedEmail(
        String language,
        String datasetTitle,
        String fileName,
        String fileFormat,
        String rows,
        long rowCount,
        String size,
        String link,
        String expiresAt,
        String historyLink) {
}
