package dev.exportflow.notifier.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What happens to work that waits for a dependency when the application stops: the wait ends at once with
 * {@link StoppingException}, and no further try starts. The retry itself (SmallRye Fault Tolerance) is stood in for by
 * one that waits an hour between tries, as a long outage would.
 */
class UntilItWorksTest {

    private final Counter retries = new SimpleMeterRegistry().counter("retries");
    private final Outage outage = new Outage("test", "the database", DatabaseFailures::isTransient, retries);

    @Test
    void stoppingEndsAWaitAtOnce() throws Exception {
        UntilItWorks untilItWorks = new UntilItWorks(new HourlyRetry());
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch waiting = new CountDownLatch(1);

        CompletableFuture<Object> work = CompletableFuture.supplyAsync(() -> untilItWorks.call(outage, "job 1", () -> {
            tries.incrementAndGet();
            waiting.countDown();
            throw new IllegalStateException(new SQLException("Connection refused", "08001"));
        }));
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(outage::ongoing);

        long stopped = System.nanoTime();
        untilItWorks.stop(null);

        assertThatThrownBy(() -> work.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoppingException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(5));
        assertThat(tries).hasValue(1);
        assertThat(retries.count()).isEqualTo(1);
        assertThatThrownBy(() -> untilItWorks.call(outage, "job 2", () -> "never tried"))
                .isInstanceOf(StoppingException.class);
    }

    @Test
    void stoppingLeavesWorkInProgressAlone() throws Exception {
        UntilItWorks untilItWorks = new UntilItWorks(new HourlyRetry());
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);

        CompletableFuture<String> work = CompletableFuture.supplyAsync(() -> untilItWorks.call(outage, "job 3", () -> {
            working.countDown();
            try {
                // an email being handed to the SMTP server: interrupting it could send it twice
                return finish.await(10, TimeUnit.SECONDS) && !Thread.currentThread().isInterrupted() ? "sent" : "cut short";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        }));
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();

        untilItWorks.stop(null);
        finish.countDown();

        assertThat(work.get(10, TimeUnit.SECONDS)).isEqualTo("sent");
        assertThat(retries.count()).isZero();
    }

    /** Tries, then waits an hour before the next try, as SmallRye's retry does between tries (an interruptible sleep). */
    static class HourlyRetry extends BackoffRetry {

        @Override
        <T> T call(Outage outage, String about, Supplier<T> work) {
            try {
                return super.call(outage, about, work);
            } catch (StillFailing e) {
                try {
                    // the thing under test: a thread parked in a retry's wait must be interrupted by stop(); the test
                    // ends within seconds only if it is (an Awaitility wait would not be the wait being interrupted)
                    Thread.sleep(Duration.ofHours(1).toMillis());
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
                throw e;
            }
        }
    }
}
