package dev.exportflow.notifier.outage;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.quarkus.logging.Log;

/**
 * What one user of a dependency (a consumer, the email senders, the announcer) knows about the dependency being
 * down: which failures heal by themselves, whether an outage is going on, and how many tries it has cost. It logs
 * one warning when an outage begins and one info line when the work succeeds again, however many tries lie between.
 */
public final class Outage {

    private final String user;
    private final String dependency;
    private final Predicate<Throwable> heals;
    private final Counter retries;
    private final AtomicBoolean ongoing = new AtomicBoolean();

    /**
     * @param user who waits, for the log, e.g. {@code export-completed consumer}
     * @param dependency what it waits for, e.g. {@code the database}
     * @param heals which failures are worth waiting out
     * @param retries counts every failed try that is followed by another one; null when not counted
     */
    public Outage(String user, String dependency, Predicate<Throwable> heals, Counter retries) {
        this.user = user;
        this.dependency = dependency;
        this.heals = heals;
        this.retries = retries;
    }

    /** Whether {@code failure} is worth trying again after a wait. */
    public boolean heals(Throwable failure) {
        return heals.test(failure);
    }

    /** Whether the last try failed with a failure that heals. */
    public boolean ongoing() {
        return ongoing.get();
    }

    /**
     * A try failed with a failure that heals; another one follows after a wait.
     *
     * @param about what the try was about, e.g. {@code job <id> generation <n>}; null when about no job
     */
    void failed(String about, Throwable failure) {
        if (retries != null) {
            retries.increment();
        }
        if (ongoing.compareAndSet(false, true)) {
            Log.warnf("%s%s: %s is unavailable (%s); waiting and trying again with backoff up to %d s", prefix(about), user,
                    dependency, describe(failure), UntilItWorks.MAX_DELAY_SECONDS);
        }
    }

    /** A try succeeded. */
    void worked(String about) {
        if (ongoing.compareAndSet(true, false)) {
            Log.infof("%s%s: %s is back", prefix(about), user, dependency);
        }
    }

    private static String prefix(String about) {
        return about == null ? "" : about + ": ";
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
