package dev.exportflow.api.job.messaging;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;

import dev.exportflow.api.job.JobReportService;
import dev.exportflow.api.job.JobReportService.Refusal;
import dev.exportflow.api.job.JobStoreException;
import dev.exportflow.events.ExportEvent;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Applies a poll's reports until the job store takes them: a database outage holds the records (and their partitions,
 * which are processed in order) instead of failing the channel, so the pod neither skips a report nor restarts. Tries wait
 * 0.2 s, doubling up to {@value #MAX_DELAY_SECONDS} s. Retrying ends when the application stops (no try after the
 * ShutdownEvent; a wait between tries is interrupted by Quarkus' thread pool shutdown); the records, not acknowledged,
 * are read again after the restart.
 */
@ApplicationScoped
public class ReportRetry {

    static final int MAX_DELAY_SECONDS = 30;

    private final JobReportService reports;
    private final StoreOutages outages;
    private volatile boolean stopping;

    public ReportRetry(JobReportService reports, StoreOutages outages) {
        this.reports = reports;
        this.outages = outages;
    }

    @Retry(maxRetries = -1, maxDuration = 0, delay = 200, jitter = 50, retryOn = JobStoreException.class,
            abortOn = ApplicationStoppingException.class)
    @ExponentialBackoff(factor = 2, maxDelay = MAX_DELAY_SECONDS, maxDelayUnit = ChronoUnit.SECONDS)
    @BeforeRetry(CountRetry.class)
    public List<Refusal> apply(String channel, List<ExportEvent> batch) {
        if (stopping) {
            throw new ApplicationStoppingException();
        }
        List<Refusal> refused = reports.apply(batch);
        outages.recovered(channel);
        return refused;
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /** The application stops: the records in hand stay unacknowledged. */
    public static class ApplicationStoppingException extends RuntimeException {

        ApplicationStoppingException() {
            super("the application is stopping; the record will be read again after the restart");
        }
    }

    /** Counts and logs each retry of a channel. */
    @Dependent
    public static class CountRetry implements BeforeRetryHandler {

        private final StoreOutages outages;

        public CountRetry(StoreOutages outages) {
            this.outages = outages;
        }

        @Override
        public void handle(ExecutionContext context) {
            Object[] parameters = context.getParameters();
            outages.retrying((String) parameters[0], ((List<?>) parameters[1]).size(), context.getFailure());
        }
    }
}
