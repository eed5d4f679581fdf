package dev.exportflow.worker.claim;

import java.time.Instant;

/**
 * A user of a tenant with queued jobs whose time has come, as the queue saw it a moment ago.
 *
 * @param tenantRunning exports of the tenant running right now, on every replica
 * @param userRunning exports of this user running right now, on every replica
 * @param oldest when the user's oldest waiting job was queued
 */
public record WaitingRequester(String tenant, String userId, int tenantRunning, int userRunning, Instant oldest) {
}
