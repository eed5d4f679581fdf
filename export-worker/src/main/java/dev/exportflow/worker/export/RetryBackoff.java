package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;

/**
 * How long a job that failed transiently waits in the queue before any replica runs it again: {@code retry-backoff}
 * doubling per attempt up to {@code retry-backoff-max}, half of it fixed, half random, so that jobs which failed
 * together (the store was down) do not all come back at the same moment.
 */
@ApplicationScoped
public class RetryBackoff {

    private final WorkerConfig config;

    public RetryBackoff(WorkerConfig config) {
        this.config = config;
    }

    /** The wait after {@code attempts} runs of the job. */
    Duration after(int attempts) {
        long base = config.retryBackoff().toMillis();
        long max = config.retryBackoffMax().toMillis();
        long delay = Math.min(max, base << Math.min(20, Math.max(0, attempts - 1)));
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }
}
