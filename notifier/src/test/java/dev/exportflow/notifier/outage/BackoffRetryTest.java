package dev.exportflow.notifier.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The retry as the application runs it (SmallRye Fault Tolerance): beyond the default 3 retries, with growing waits. */
@QuarkusTest
class BackoffRetryTest {

    @Inject
    UntilItWorks untilItWorks;

    private final Counter retries = new SimpleMeterRegistry().counter("retries");
    private final Outage outage = new Outage("test", "the database", DatabaseFailures::isTransient, retries);

    @Test
    void aFailureThatHealsIsTriedAgainWithGrowingWaitsUntilItWorks() {
        List<Long> tries = new ArrayList<>();

        String result = untilItWorks.call(outage, "job 1", () -> {
            tries.add(System.nanoTime());
            if (tries.size() <= 4) {
                throw new IllegalStateException(new SQLException("Connection refused", "08001"));
            }
            return "recorded";
        });

        assertThat(result).isEqualTo("recorded");
        assertThat(tries).hasSize(5);
        assertThat(retries.count()).isEqualTo(4);
        assertThat(outage.ongoing()).isFalse();
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i < tries.size(); i++) {
            waits.add(Duration.ofNanos(tries.get(i) - tries.get(i - 1)));
        }
        // 0.5, 1, 2 and 4 s, each +-0.1 s
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(waits.get(3)).isGreaterThanOrEqualTo(Duration.ofMillis(3900));
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i)).as("wait %d grows", i + 1).isGreaterThan(waits.get(i - 1));
        }
    }

    @Test
    void aFailureThatDoesNotHealIsThrownAtOnce() {
        List<Long> tries = new ArrayList<>();

        assertThatThrownBy(() -> untilItWorks.call(outage, "job 2", () -> {
            tries.add(System.nanoTime());
            throw new IllegalStateException(new SQLException("value too long", "22001"));
        })).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("value too long");

        assertThat(tries).hasSize(1);
        assertThat(retries.count()).isZero();
        assertThat(outage.ongoing()).isFalse();
    }
}
