package dev.exportflow.notifier.outage;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The retry of {@link UntilItWorks}: SmallRye Fault Tolerance around the whole piece of work, so that each try runs
 * its own transaction. Waits 0.5 s, then twice as long after each further failure, up to 30 s, without end.
 */
@ApplicationScoped
class BackoffRetry {

    @Retry(maxRetries = -1, maxDuration = 0, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 100,
            jitterDelayUnit = ChronoUnit.MILLIS, retryOn = StillFailing.class)
    @ExponentialBackoff(factor = 2, maxDelay = UntilItWorks.MAX_DELAY_SECONDS, maxDelayUnit = ChronoUnit.SECONDS)
    <T> T call(Outage outage, String about, Supplier<T> work) {
        try {
            T result = work.get();
            outage.worked(about);
            return result;
        } catch (StoppingException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!outage.heals(e)) {
                throw e;
            }
            outage.failed(about, e);
            throw new StillFailing(e);
        }
    }

    /** A failure that heals: the signal for another try. */
    static final class StillFailing extends RuntimeException {

        StillFailing(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
