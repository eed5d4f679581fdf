package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/** The owner asked to stop an export. Written by export-api through its outbox. */
public record ExportCancelRequested(UUID jobId, int generation, Instant occurredAt) implements ExportEvent {
}
