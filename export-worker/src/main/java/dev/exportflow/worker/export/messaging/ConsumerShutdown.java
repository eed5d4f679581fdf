package dev.exportflow.worker.export.messaging;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Ends the consumers' waits for the worker database as soon as the application stops: their threads are interrupted
 * (which ends SmallRye Fault Tolerance's wait between tries) and the record they hold is left unacknowledged, neither
 * committed nor dead-lettered, so that it is read again after the restart.
 */
@ApplicationScoped
public class ConsumerShutdown {

    private final Set<Thread> working = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * Runs {@code work} on this thread.
     *
     * @return its result; empty when the application began to stop and the work did not succeed
     */
    <T> Optional<T> unlessStopped(Supplier<T> work) {
        Thread current = Thread.currentThread();
        working.add(current);
        try {
            return Optional.of(work.get());
        } catch (Exception e) { // the interrupted wait of a retry surfaces as InterruptedException
            if (stopping) {
                return Optional.empty();
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } finally {
            synchronized (this) {
                working.remove(current);
                if (stopping) {
                    Thread.interrupted(); // an interrupt meant for the wait, not for whatever the thread does next
                }
            }
        }
    }

    /** Before the dispatcher's grace period, so that no consumer holds up the stop. */
    void stop(@Observes @Priority(0) ShutdownEvent shutdown) {
        synchronized (this) {
            stopping = true;
            working.forEach(Thread::interrupt);
        }
    }
}
