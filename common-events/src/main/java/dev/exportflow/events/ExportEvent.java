package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event of an export job carries. Records are keyed by {@code jobId}, so all events of
 * one job stay ordered on one partition; {@code generation} grows each time a job is deliberately
 * run again, and duplicates of one generation must be harmless to every consumer.
 */
public interface ExportEvent {

    UUID jobId();

    int generation();

    Instant occurredAt();
}
