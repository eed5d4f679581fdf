package dev.exportflow.notifier.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How emails are retried, how many go out at once, and how long finished deliveries are kept. */
@ConfigMapping(prefix = "exportflow.notifier.delivery")
public interface DeliveryConfig {

    /** Attempts per email, the first included; after the last transient failure the delivery FAILS. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first transient failure; it doubles with each further one, up to {@link #maxDelay()}. */
    @WithDefault("PT30S")
    Duration initialDelay();

    @WithDefault("PT30M")
    Duration maxDelay();

    /** Up to this fraction is added at random to each wait, so that parked emails do not all return at once. */
    @WithDefault("0.2")
    double jitter();

    /** Emails handed to the SMTP server in parallel. */
    @WithDefault("4")
    int concurrency();

    /** How often to look for due emails (retries, and whatever a wake-up missed), e.g. {@code 2s}. */
    @WithDefault("2s")
    String pollInterval();

    /** How often to look for ExportNotified events still owed after a crash or a Kafka outage. */
    @WithDefault("5s")
    String announceInterval();

    /** Upper bound for Kafka to acknowledge one ExportNotified event. */
    @WithDefault("PT40S")
    Duration publishTimeout();

    /**
     * How long a finished and announced delivery is kept. Longer than the retention of the topics the notifier reads
     * (7 days), so that a replay finds every email already sent; after that a replayed event would be emailed again.
     */
    @WithDefault("P8D")
    Duration retention();

    /** How often deliveries older than {@link #retention()} are deleted, e.g. {@code 1h}. */
    @WithDefault("1h")
    String pruneInterval();
}
