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

    /**
     * Largest request body accepted, in bytes (a create request is a few hundred): announced larger bodies are refused
     * before they are read, chunked ones once this many bytes arrived; both with a problem+json 413.
     */
    @WithDefault("65536")
    long maxBodySize();

    /**
     * Largest serialized ExportRequested accepted, in bytes; a request whose event would be larger is a 400 naming its
     * largest field. Far below the broker's 1 MB {@code max.request.size}; above what a body within the default
     * {@link #maxBodySize()} can produce, so it only bites when that limit is raised or this one lowered.
     */
    @WithDefault("262144")
    long maxEventSize();

    /** Event streams ({@code GET /api/exports/{id}/events}) one user may have open at once on one api replica. */
    @WithDefault("5")
    int streamsPerUser();

    /** Longest page of {@code GET /api/exports}. */
    @WithDefault("100")
    int maxPageSize();
}
