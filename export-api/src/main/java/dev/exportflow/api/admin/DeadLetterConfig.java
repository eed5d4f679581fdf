package dev.exportflow.api.admin;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How {@code GET /api/admin/dead-letters} reads Kafka ({@code exportflow.admin.dead-letters.*}). */
@ConfigMapping(prefix = "exportflow.admin.dead-letters")
public interface DeadLetterConfig {

    /** Longest a read may take (metadata, offsets and fetching together); beyond it the answer is a 503. */
    @WithDefault("PT10S")
    Duration timeout();

    /** Reads running at once on one api replica (each is a short-lived Kafka consumer); one more is a 429. */
    @WithDefault("2")
    int concurrentReads();
}
