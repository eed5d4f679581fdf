package dev.exportflow.worker.export.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/** Logs every record a consumer refuses, with its job id, and counts it in {@code exportflow_events_refused_total}. */
@ApplicationScoped
public class RefusedRecords {

    private final MeterRegistry registry;

    public RefusedRecords(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param jobId the job the record names, or null
     * @param reason a short, fixed label (the metric's {@code reason})
     * @param why what is wrong, for the log: never a value of the record
     */
    void refused(String channel, UUID jobId, String reason, String why) {
        registry.counter("exportflow.events.refused", "channel", channel, "reason", reason).increment();
        Log.warnf("job %s: a record on %s is refused (%s): %s", jobId == null ? "(none named)" : jobId, channel, reason, why);
    }
}
