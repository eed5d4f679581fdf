package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/** A worker confirms that an export was stopped (or never started) and left no file. */
public record ExportCancelled(UUID jobId, int generation, Instant occurredAt) implements ExportEvent {
}
