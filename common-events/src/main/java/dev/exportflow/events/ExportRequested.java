package dev.exportflow.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A user asked for an export. Written by export-api through its outbox, worked by export-worker.
 *
 * @param parameters the request's dataset parameters, already validated against the catalog and
 *        normalised to their canonical text (ISO dates, plain decimals); caller-bound parameters
 *        ({@code requester_id}, {@code tenant_id}) are not in here: the worker binds them from {@code requester}
 * @param format the file format's request name: {@code csv}, {@code xlsx} or {@code jsonl} ({@link ExportFormat})
 */
public record ExportRequested(
        UUID jobId,
        int generation,
        Instant occurredAt,
        Requester requester,
        String dataset,
        Map<String, String> parameters,
        String format,
        CsvOptions csv,
        Instant requestedAt) implements ExportEvent {
}
