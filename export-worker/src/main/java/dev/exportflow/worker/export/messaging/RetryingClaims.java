package dev.exportflow.worker.export.messaging;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimAdmission;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.claim.RecordedFailure;
import dev.exportflow.worker.claim.WorkerDatabaseUnavailable;

import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * The claim decisions of the consumers, tried again for as long as the worker database is unavailable (0.5 s doubling
 * to 30 s between tries): the record waits, and with it its partition; nothing is dead-lettered or dropped because the
 * database was down. A failure that trying again cannot cure goes to the channel's failure strategy. The waits end
 * when the application stops ({@link ConsumerShutdown}).
 */
@ApplicationScoped
@Retry(maxRetries = -1, maxDuration = 0, delay = 500, delayUnit = ChronoUnit.MILLIS, retryOn = WorkerDatabaseUnavailable.class)
@ExponentialBackoff(factor = 2, maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
public class RetryingClaims {

    private final ClaimAdmission admission;
    private final DatabaseOutages outages;

    public RetryingClaims(ClaimAdmission admission, DatabaseOutages outages) {
        this.admission = admission;
        this.outages = outages;
    }

    /** @see ClaimAdmission#admit */
    public ClaimAdmission.Admitted admit(ExportRequested request, String traceParent) {
        return attempt(Topics.EXPORT_REQUESTED, () -> admission.admit(request, traceParent));
    }

    /** @see ClaimAdmission#refuse */
    public Optional<Claim> refuse(JobKey key, ExportRequested toldBack, RecordedFailure failure) {
        return attempt(Topics.EXPORT_REQUESTED, () -> admission.refuse(key, toldBack, failure));
    }

    /** @see ClaimAdmission#requestCancel */
    public ClaimAdmission.Cancelled requestCancel(JobKey key) {
        return attempt(Topics.EXPORT_CANCEL_REQUESTED, () -> admission.requestCancel(key));
    }

    /** One try, told to {@link DatabaseOutages}: a failure may begin an outage of the channel, a success ends it. */
    private <T> T attempt(String channel, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (WorkerDatabaseUnavailable e) {
            outages.failed(channel, e);
            throw e;
        }
        outages.worked(channel);
        return result;
    }
}
