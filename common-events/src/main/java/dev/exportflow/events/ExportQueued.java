package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker holds the request of a job generation durably and will run it when a slot is free. Sent when a request is
 * first queued and again whenever the same request arrives while it still waits, so that the api can tell a job that
 * waits its turn from one whose request was lost on the way (and re-drive that one).
 */
public record ExportQueued(UUID jobId, int generation, Instant occurredAt) implements ExportEvent {
}
