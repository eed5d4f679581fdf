package dev.exportflow.worker.claim;

import java.time.Instant;

/**
 * A tenant, or a user of a tenant, with queued jobs whose time has come, as the queue saw it a moment ago.
 *
 * @param name the tenant's name, or the user's id
 * @param running its exports running right now, on every replica
 * @param oldest when its oldest waiting job was queued
 */
public record Waiting(String name, int running, Instant oldest) {
}
