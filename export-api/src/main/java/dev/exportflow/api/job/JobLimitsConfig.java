package dev.exportflow.api.job;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-user limits of the export API. */
@ConfigMapping(prefix = "exportflow.limits")
public interface JobLimitsConfig {

    /** Exports one user may have queued or running at once; one more is answered with 429. */
    @WithDefault("3")
    int activeExportsPerUser();

    /** The {@code Retry-After} of that 429. */
    @WithDefault("PT30S")
    Duration retryAfter();

    /** Shortest time between two resends of one export's email. */
    @WithDefault("PT1M")
    Duration resendInterval();

    /** Largest request body accepted, in bytes (a create request is a few hundred). */
    @WithDefault("65536")
    long maxBodySize();

    /** Longest page of {@code GET /api/exports}. */
    @WithDefault("100")
    int maxPageSize();
}
