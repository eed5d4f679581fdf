package dev.exportflow.worker.export.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * What a consumer's wait for the worker database looks like to operators: one warning when an outage begins on its
 * channel, one line when the database works again, and {@code exportflow_consumer_retries_total{channel}}.
 */
@ApplicationScoped
public class DatabaseOutages {

    private final MeterRegistry registry;
    private final Map<String, Boolean> down = new ConcurrentHashMap<>();

    public DatabaseOutages(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A try failed; the record is kept and tried again. */
    void failed(String channel, RuntimeException failure) {
        registry.counter("exportflow.consumer.retries", "channel", channel).increment();
        if (down.put(channel, Boolean.TRUE) == null) {
            Log.warnf("%s: the worker database is unavailable (%s); the record waits and is tried again with backoff"
                    + " up to 30 s, for as long as it takes", channel, failure.getMessage());
        }
    }

    void worked(String channel) {
        if (!down.isEmpty() && down.remove(channel) != null) {
            Log.infof("%s: the worker database works again; records are taken as before", channel);
        }
    }
}
