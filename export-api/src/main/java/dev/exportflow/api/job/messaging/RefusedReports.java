package dev.exportflow.api.job.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/** Logs and counts a record the api will never act on ({@code exportflow_events_refused_total{channel,reason}}). */
@ApplicationScoped
public class RefusedReports {

    /** Refused records are hostile or broken: their text goes to the log shortened and on one line. */
    private static final int MAX_LOGGED = 300;

    private final MeterRegistry metrics;

    public RefusedReports(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /**
     * @param job the job id the record names (its key when it could not be read)
     * @param reason a fixed word, the metric's tag
     */
    void refuse(String channel, Object job, String reason, String detail) {
        metrics.counter("exportflow.events.refused", "channel", channel, "reason", reason).increment();
        Log.warnf("job %s: refused a record of %s (%s): %s", printable(String.valueOf(job)), channel, reason,
                printable(detail));
    }

    static String printable(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= MAX_LOGGED ? oneLine : oneLine.substring(0, MAX_LOGGED) + "…";
    }
}
