package dev.exportflow.notifier.delivery;

import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import dev.exportflow.notifier.delivery.DeliveryAttempts.Attempt;
import dev.exportflow.notifier.delivery.messaging.NotificationPublisher;
import dev.exportflow.notifier.outage.DatabaseFailures;
import dev.exportflow.notifier.outage.Outage;
import dev.exportflow.notifier.outage.StoppingException;
import dev.exportflow.notifier.outage.UntilItWorks;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Decides when emails go out and on how many threads: up to {@code exportflow.notifier.delivery.concurrency} senders,
 * woken by the consumers and by a poll, each making {@link DeliveryAttempts} until nothing is due. The Kafka consumers
 * only ever write to the delivery log and never wait for SMTP.
 *
 * <p>The senders run on a {@link ManagedExecutor} that is a bounded view of Quarkus's worker pool: no thread of
 * our own, and none of the waking thread's context (request, transaction) travels with a sender, since each attempt
 * runs in a transaction of its own. While the database is down a sender waits with backoff ({@link UntilItWorks})
 * and carries on by itself when it is back.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final int SHUTDOWN_GRACE_SECONDS = 10;

    private final DeliveryAttempts attempts;
    private final NotificationPublisher publisher;
    private final UntilItWorks untilItWorks;
    private final Outage outage = new Outage("email senders", "the database", DatabaseFailures::isTransient, null);
    private final int concurrency;
    private final ManagedExecutor senders;
    private final AtomicInteger running = new AtomicInteger();

    public DeliveryDispatcher(DeliveryAttempts attempts, NotificationPublisher publisher, UntilItWorks untilItWorks,
            DeliveryConfig config) {
        this.attempts = attempts;
        this.publisher = publisher;
        this.untilItWorks = untilItWorks;
        this.concurrency = config.concurrency();
        this.senders = ManagedExecutor.builder().maxAsync(concurrency).propagated().cleared(ThreadContext.ALL_REMAINING)
                .build();
    }

    /** Catches what is due again after a backoff, and anything a wake-up missed. */
    @Scheduled(every = "${exportflow.notifier.delivery.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wakeUp();
    }

    /** Starts one more sender unless all are busy; a busy sender picks up new work before it stops. */
    public void wakeUp() {
        int now = running.get();
        if (now >= concurrency || !running.compareAndSet(now, now + 1)) {
            return;
        }
        try {
            senders.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            running.decrementAndGet();
        }
    }

    /** Lets the emails in flight finish while the database is still there; nothing new starts. */
    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        senders.shutdown();
        if (!senders.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
            senders.shutdownNow();
        }
    }

    private void drain() {
        try {
            Optional<Attempt> attempt;
            while (!senders.isShutdown()
                    && (attempt = untilItWorks.call(outage, null, attempts::attemptNextDue)).isPresent()) {
                if (attempt.get().finished()) {
                    publisher.announceFinished(attempt.get());
                }
            }
        } catch (StoppingException e) {
            Log.debug("Stopping: what is due stays due for the next start");
        } catch (RuntimeException e) {
            Log.errorf(e, "Delivering emails failed; the next poll tries again");
        } finally {
            running.decrementAndGet();
        }
    }
}
