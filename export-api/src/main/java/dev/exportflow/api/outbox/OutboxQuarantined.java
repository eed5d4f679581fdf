package dev.exportflow.api.outbox;

import java.util.UUID;

/**
 * Fired, inside the relay's transaction, for each row Kafka refused for good, so that the job it was about can end in
 * the same transaction.
 *
 * @param jobId the row's aggregate id
 * @param eventType the row's CloudEvents type
 */
public record OutboxQuarantined(UUID rowId, UUID jobId, String eventType, String reason) {
}
