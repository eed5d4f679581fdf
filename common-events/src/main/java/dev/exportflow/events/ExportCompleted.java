package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/** The file of an export is complete and visible in object storage. */
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
        String sha256) implements ExportEvent {
}
