package dev.exportflow.api.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long finished files are kept, and how often the retention sweep runs. */
@ConfigMapping(prefix = "exportflow.retention")
public interface RetentionConfig {

    /** Days a file stays downloadable after its export finished. */
    @WithDefault("7")
    int days();

    /** Incomplete multipart uploads older than this are aborted (a crashed worker's leftovers). */
    @WithDefault("PT24H")
    Duration staleUploadAge();

    /** How often the sweep runs (a Quarkus scheduler interval such as {@code 10m}, or {@code off}). */
    @WithDefault("10m")
    String every();

    /** Jobs expired per transaction. */
    @WithDefault("100")
    int batchSize();

    /**
     * Objects under {@code exports/} that belong to no finished file (a job that failed, was cancelled, deleted or
     * expired, another generation, an unknown job) are deleted once they are this old. Longer than the longest time
     * between a worker completing a file and the api recording it.
     */
    @WithDefault("PT1H")
    Duration orphanGrace();

    default Duration fileRetention() {
        return Duration.ofDays(days());
    }
}
