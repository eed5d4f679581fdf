package dev.exportflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The outcome of telling the user about a finished export.
 *
 * @param channel {@code email}
 * @param about which event the notification was about: {@code completed} or {@code failed}
 * @param outcome {@code SENT} or {@code FAILED}
 * @param reason why delivery failed, in words a person understands; null when sent
 */
public record ExportNotified(
        UUID jobId,
        int generation,
        Instant occurredAt,
        String channel,
        String about,
        String recipient,
        Outcome outcome,
        String reason) implements ExportEvent {

    /** Whether the message reached the mail server. */
    public enum Outcome {
        SENT,
        FAILED
    }
}
