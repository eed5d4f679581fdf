package dev.exportflow.notifier.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

/** Exponential backoff for transient SMTP failures, and when to give up. */
@ApplicationScoped
public class RetryPolicy {

    private final DeliveryConfig config;

    public RetryPolicy(DeliveryConfig config) {
        this.config = config;
    }

    /** Whether an email that has failed {@code attempts} times may be tried again. */
    public boolean mayRetry(int attempts) {
        return attempts < config.maxAttempts();
    }

    /** How long to wait after the {@code attempts}-th failed attempt (1, 2, …). */
    public Duration delayAfter(int attempts) {
        Duration delay = config.initialDelay();
        for (int i = 1; i < attempts && delay.compareTo(config.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(config.maxDelay()) > 0) {
            delay = config.maxDelay();
        }
        long jitterMillis = (long) (delay.toMillis() * config.jitter() * ThreadLocalRandom.current().nextDouble());
        return delay.plusMillis(jitterMillis);
    }
}
