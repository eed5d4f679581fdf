package dev.exportflow.api.job.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Tells operators that a consumer rides out an outage of the job store: one warning when it begins, one line when it
 * is over, and {@code exportflow_consumer_retries_total{channel}} for every try in between.
 */
@ApplicationScoped
public class StoreOutages {

    private final Map<String, Instant> since = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;

    public StoreOutages(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** @param reports how many reports the channel holds, waiting */
    void retrying(String channel, int reports, Throwable failure) {
        metrics.counter("exportflow.consumer.retries", "channel", channel).increment();
        if (since.putIfAbsent(channel, Instant.now()) == null) {
            Log.warnf("%s waits for the job store with %d reports (%s); its records are kept and tried again, up to %d s"
                    + " apart", channel, reports, failure.getMessage(), ReportRetry.MAX_DELAY_SECONDS);
        } else {
            Log.debugf("%s still waits for the job store with %d reports: %s", channel, reports, failure.getMessage());
        }
    }

    void recovered(String channel) {
        Instant began = since.remove(channel);
        if (began != null) {
            Log.infof("%s works again after %d s without the job store", channel,
                    Duration.between(began, Instant.now()).toSeconds());
        }
    }
}
