package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** How long a verified token is remembered: the configured time, never past its expiry nor its maximum age. */
class VerifiedTokensUntilTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Optional<Duration> TWELVE_HOURS = Optional.of(Duration.ofHours(12));

    @Test
    void aLongLivedFreshTokenIsRememberedForTheConfiguredTime() {
        assertThat(until(seconds(NOW.plus(Duration.ofHours(1))), seconds(NOW.minusSeconds(5)), TWELVE_HOURS))
                .isEqualTo(NOW.plus(TTL));
    }

    @Test
    void notPastItsExpiry() {
        assertThat(until(seconds(NOW.plusSeconds(3)), seconds(NOW.minusSeconds(5)), TWELVE_HOURS))
                .isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void notPastItsMaximumAge() {
        Instant issued = NOW.minus(Duration.ofHours(12)).plusSeconds(4);
        assertThat(until(seconds(NOW.plus(Duration.ofHours(1))), seconds(issued), TWELVE_HOURS))
                .isEqualTo(NOW.plusSeconds(4));
    }

    @Test
    void withoutExpiryOrMaximumAgeTheConfiguredTimeBounds() {
        assertThat(until(0, seconds(NOW.minus(Duration.ofDays(30))), Optional.empty())).isEqualTo(NOW.plus(TTL));
    }

    @Test
    void aTimeOfZeroEndsAtOnce() {
        assertThat(VerifiedTokens.rememberUntil(NOW, Duration.ZERO, seconds(NOW.plus(Duration.ofHours(1))),
                seconds(NOW), TWELVE_HOURS)).isEqualTo(NOW);
    }

    private static Instant until(long expiresAt, long issuedAt, Optional<Duration> maxAge) {
        return VerifiedTokens.rememberUntil(NOW, TTL, expiresAt, issuedAt, maxAge);
    }

    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
