package dev.exportflow.events.link;

import java.time.Instant;
import java.util.UUID;

/** What a genuine download-link token says: which file generation, until when. */
public record LinkClaims(UUID jobId, int generation, Instant expiresAt) {
}
