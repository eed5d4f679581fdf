package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void waitsDoubleFromTheInitialDelayUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(config(8, Duration.ofSeconds(30), Duration.ofMinutes(5), 0));

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(60)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterOnlyEverAddsUpToItsFraction() {
        RetryPolicy policy = new RetryPolicy(config(8, Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2));

        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayAfter(1)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        RetryPolicy policy = new RetryPolicy(config(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 0));

        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(policy.mayRetry(2)).isTrue();
        assertThat(policy.mayRetry(3)).isFalse();
    }

    private static DeliveryConfig config(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter) {
        return new DeliveryConfig() {
            @Override
            public int maxAttempts() {
                return maxAttempts;
            }

            @Override
            public Duration initialDelay() {
                return initialDelay;
            }

            @Override
            public Duration maxDelay() {
                return maxDelay;
            }

            @Override
            public double jitter() {
                return jitter;
            }

            @Override
            public int concurrency() {
                return 1;
            }

            @Override
            public String pollInterval() {
                return "1s";
            }

            @Override
            public String announceInterval() {
                return "1s";
            }

            @Override
            public Duration publishTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration retention() {
                return Duration.ofDays(8);
            }

            @Override
            public String pruneInterval() {
                return "1h";
            }
        };
    }
}
