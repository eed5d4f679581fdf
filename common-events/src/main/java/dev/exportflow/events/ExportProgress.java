package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * How far a running export has come; sent about once a second.
 *
 * @param estimatedTotalRows a cheap estimate of the final row count, or null when unknown
 */
public record ExportProgress(
        UUID jobId,
        int generation,
        Instant occurredAt,
        long rows,
        long bytes,
        Long estimatedTotalRows) implements ExportEvent {
}
