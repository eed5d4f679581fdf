package dev.exportflow.api.watchdog;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * When the job watchdog steps in. With the defaults no job stays QUEUED without a worker's acknowledgement, or
 * CANCELLING, longer than about redrive-after x (max-redrives + 1) + every (8.5 minutes), nor QUEUED at all longer than
 * max-queued + every.
 */
@ConfigMapping(prefix = "exportflow.watchdog")
public interface WatchdogConfig {

    /** How often the watchdog sweeps: a Quarkus scheduler interval such as {@code PT30S}, or {@code off}. */
    @WithDefault("PT30S")
    String every();

    /**
     * A QUEUED job no worker acknowledged (ExportQueued), or a CANCELLING job no worker confirmed, this long after its
     * event was last published gets that event again. Longer than a worker needs to take a request in.
     */
    @WithDefault("PT2M")
    Duration redriveAfter();

    /** After this many re-drives a QUEUED job fails {@code NOT_ACCEPTED} and a CANCELLING job becomes CANCELLED. */
    @WithDefault("3")
    int maxRedrives();

    /**
     * The longest a job may stay QUEUED, acknowledged or not: then it fails {@code QUEUE_TIMEOUT} and the workers are
     * asked to drop it. Also how long a CANCELLING job whose cancel request cannot be published (Kafka away) waits.
     */
    @WithDefault("PT6H")
    Duration maxQueued();

    /** Jobs handled per transaction. */
    @WithDefault("100")
    int batchSize();
}
