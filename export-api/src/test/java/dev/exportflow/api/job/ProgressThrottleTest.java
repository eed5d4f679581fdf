package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ProgressThrottle throttle = new ProgressThrottle(Duration.ofSeconds(1), now::get);

    @Test
    void skipsReportsOfAJobWithinTheIntervalOfTheLastWrite() {
        UUID job = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assertThat(throttle.skip(job)).as("first report").isFalse();
        throttle.written(job);

        now.addAndGet(Duration.ofMillis(400).toNanos());
        assertThat(throttle.skip(job)).isTrue();
        assertThat(throttle.skip(other)).as("another job is not affected").isFalse();

        now.addAndGet(Duration.ofMillis(600).toNanos());
        assertThat(throttle.skip(job)).isFalse();
    }

    @Test
    void anEndedJobIsForgotten() {
        UUID job = UUID.randomUUID();
        throttle.written(job);
        throttle.ended(job);
        assertThat(throttle.skip(job)).isFalse();
    }
}
