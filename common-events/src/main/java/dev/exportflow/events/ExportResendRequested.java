package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The owner of a finished export asked for its email again ({@code POST /api/exports/{id}/resend}). Written by
 * export-api through its outbox. The notifier sends the "completed" email again, with a fresh link, once per
 * {@code requestId}: unlike {@link ExportCompleted}, which is mailed once per generation, every resend request is
 * its own message, and a redelivered request is not.
 *
 * @param requestId unique per resend request; the notifier's deduplication key
 * @param requester the owner, with the address to mail to
 */
public record ExportResendRequested(
        UUID jobId,
        int generation,
        Instant occurredAt,
        UUID requestId,
        Requester requester,
        String dataset,
        String datasetTitle,
        String fileName,
        String contentType,
        long rows,
        long bytes,
        String sha256) implements ExportEvent {
}
