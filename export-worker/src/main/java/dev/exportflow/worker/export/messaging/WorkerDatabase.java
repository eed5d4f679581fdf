package dev.exportflow.worker.export.messaging;

import java.util.function.Supplier;

import dev.exportflow.worker.claim.ClaimStoreException;

import io.quarkus.logging.Log;

/**
 * Rides out a short outage of the worker database inside a consumer, so that a database restart does not turn valid
 * requests into dead letters. After about 15 seconds the failure goes to the channel's failure strategy.
 */
final class WorkerDatabase {

    private static final long[] WAITS_MILLIS = {500, 1000, 2000, 4000, 8000};

    private WorkerDatabase() {
    }

    static <T> T retrying(String what, Supplier<T> work) {
        for (int attempt = 0; ; attempt++) {
            try {
                return work.get();
            } catch (ClaimStoreException e) {
                if (attempt >= WAITS_MILLIS.length) {
                    throw e;
                }
                Log.warnf("cannot %s (%s); trying again in %d ms", what, e.getMessage(), WAITS_MILLIS[attempt]);
                try {
                    Thread.sleep(WAITS_MILLIS[attempt]);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
