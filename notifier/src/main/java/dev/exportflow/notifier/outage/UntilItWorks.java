package dev.exportflow.notifier.outage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs a piece of work again and again, with exponential backoff, for as long as it fails in a way its {@link Outage}
 * says heals by itself: a consumer keeps its record (the partition waits, nothing is skipped), a sender or the announcer
 * keeps its turn, instead of failing. When the application stops, waiting ends at once with {@link StoppingException}
 * (the waiting thread is interrupted; work in progress is left to finish), so that a Kafka record is left
 * unacknowledged and read again after the restart.
 */
@ApplicationScoped
public class UntilItWorks {

    /** The longest wait between two tries. */
    public static final int MAX_DELAY_SECONDS = 30;

    private final BackoffRetry retry;
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public UntilItWorks(BackoffRetry retry) {
        this.retry = retry;
    }

    /**
     * @param about what the work is about, for the outage's log lines (e.g. {@code job <id> generation <n>}); may be null
     * @return what {@code work} returned once it succeeded
     * @throws StoppingException when the application stops before the work succeeded
     * @throws RuntimeException the first failure that does not heal
     */
    public <T> T call(Outage outage, String about, Supplier<T> work) {
        Thread current = Thread.currentThread();
        try {
            return retry.call(outage, about, () -> {
                waiting.remove(current);
                if (stopping) {
                    throw new StoppingException();
                }
                try {
                    return work.get();
                } catch (RuntimeException e) {
                    if (outage.heals(e)) {
                        awaitNextTry(current);
                    }
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            throw stopping ? new StoppingException() : e;
        } catch (Exception interrupted) {
            // the retry's wait was interrupted (checked, passed on undeclared): the application stops
            throw new StoppingException();
        } finally {
            waiting.remove(current);
            if (stopping) {
                Thread.interrupted();
            }
        }
    }

    /**
     * Only a thread that waits for its next try is interrupted when the application stops, never one doing work (an
     * email being handed to the SMTP server finishes). Checked after registering, so that a stop in between is seen.
     */
    private void awaitNextTry(Thread current) {
        waiting.add(current);
        if (stopping) {
            throw new StoppingException();
        }
    }

    /** Whether the application is stopping: work that could not be done is then left for the next start. */
    public boolean stopping() {
        return stopping;
    }

    /** Before any other shutdown observer, so that none of them waits for a thread that only waits for a retry. */
    void stop(@Observes @Priority(1) ShutdownEvent shutdown) {
        stopping = true;
        waiting.forEach(Thread::interrupt);
    }
}
