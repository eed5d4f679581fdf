package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The file of an export is complete and visible in object storage.
 *
 * @param startedAt when the job's first run began; null from a sender that does not say (the receiver then takes
 *        {@code occurredAt})
 */
public record ExportCompleted(
        UUID jobId,
        int generation,
        Instant occurredAt,
        Requester requester,
        String dataset,
        String datasetTitle,
        String bucket,
        String objectKey,
        String fileName,
        String contentType,
        long rows,
        long bytes,
        String sha256,
        Instant startedAt) implements ExportEvent {
}
