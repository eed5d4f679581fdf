package dev.exportflow.worker.export.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Retry;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.claim.ClaimAdmission;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.claim.WorkerDatabaseException;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * The claim decisions of the consumers, tried again through a short outage of the worker database (waits of 0.5, 1, 2,
 * 4 and 8 s, about 15 s in all), so that a database restart does not turn valid requests into dead letters. After
 * that the failure goes to the channel's failure strategy.
 */
@ApplicationScoped
@Retry(maxRetries = 5, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, retryOn = WorkerDatabaseException.class)
@ExponentialBackoff(factor = 2)
@BeforeRetry(RetryingClaims.LogRetry.class)
public class RetryingClaims {

    private final ClaimAdmission admission;

    public RetryingClaims(ClaimAdmission admission) {
        this.admission = admission;
    }

    /** @see ClaimAdmission#admit */
    public ClaimAdmission.Admitted admit(ExportRequested request, String traceParent) {
        return admission.admit(request, traceParent);
    }

    /** @see ClaimAdmission#requestCancel */
    public ClaimAdmission.Cancelled requestCancel(JobKey key) {
        return admission.requestCancel(key);
    }

    /** One line per retry, so that an operator sees the outage being ridden out. */
    @Dependent
    public static class LogRetry implements BeforeRetryHandler {

        @Override
        public void handle(ExecutionContext context) {
            Object job = context.getParameters()[0];
            Log.warnf("job %s: %s failed (%s); trying again", job instanceof ExportRequested request
                    ? request.jobId() + "/" + request.generation() : job, context.getMethod().getName(),
                    context.getFailure().getMessage());
        }
    }
}
