package dev.exportflow.events.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DownloadLinkTokensTest {

    private static final String KEY = "current-key-with-at-least-32-bytes!!";
    private static final String OLD_KEY = "previous-key-with-at-least-32-bytes!";
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final UUID JOB = UUID.fromString("11111111-2222-4333-8444-555555555555");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aSignedTokenVerifiesToItsClaims() {
        DownloadLinkTokens tokens = new DownloadLinkTokens(KEY, null, clock);
        Instant expiry = NOW.plus(Duration.ofHours(24));

        LinkClaims claims = tokens.verify(tokens.sign(JOB, 3, expiry));

        assertThat(claims).isEqualTo(new LinkClaims(JOB, 3, expiry));
    }

    @Test
    void tokensAreSafeInAUrlPath() {
        String token = new DownloadLinkTokens(KEY, null, clock).sign(JOB, 1, NOW.plusSeconds(60));

        assertThat(token).matches("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");
    }

    @Test
    void anExpiredTokenIsExpiredAndStillNamesItsJob() {
        DownloadLinkTokens tokens = new DownloadLinkTokens(KEY, null, clock);
        String token = tokens.sign(JOB, 1, NOW.minusSeconds(1));

        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(InvalidLinkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidLinkException.Reason.EXPIRED);
                    assertThat(e.claims().jobId()).isEqualTo(JOB);
                });
    }

    @Test
    void theExpiryInstantItselfIsAlreadyExpired() {
        DownloadLinkTokens tokens = new DownloadLinkTokens(KEY, null, clock);

        assertThatThrownBy(() -> tokens.verify(tokens.sign(JOB, 1, NOW)))
                .extracting(e -> ((InvalidLinkException) e).reason())
                .isEqualTo(InvalidLinkException.Reason.EXPIRED);
    }

    @Test
    void changingTheJobGenerationOrExpiryBreaksTheSignature() {
        DownloadLinkTokens tokens = new DownloadLinkTokens(KEY, null, clock);
        String token = tokens.sign(JOB, 1, NOW.plusSeconds(3600));
        String signature = token.substring(token.indexOf('.'));
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        List<String> forgeries = List.of(
                payload.replace(":1:", ":2:"),
                payload.replace(JOB.toString(), UUID.randomUUID().toString()),
                payload.substring(0, payload.lastIndexOf(':') + 1) + (NOW.getEpochSecond() + 999_999));

        for (String forged : forgeries) {
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                    + signature;
            assertTampered(tokens, tampered);
        }
    }

    @Test
    void malformedTokensAreTampered() {
        DownloadLinkTokens tokens = new DownloadLinkTokens(KEY, null, clock);

        for (String token : new String[] {null, "", "abc", "a.b.c", "!!!.###", ".", "abc."}) {
            assertTampered(tokens, token);
        }
    }

    @Test
    void aTokenSignedWithAnotherKeyIsTampered() {
        String foreign = new DownloadLinkTokens("some-other-key-of-at-least-32-bytes!", null, clock)
                .sign(JOB, 1, NOW.plusSeconds(60));

        assertTampered(new DownloadLinkTokens(KEY, null, clock), foreign);
    }

    @Test
    void duringRotationTokensOfThePreviousKeyStillVerify() {
        String issuedBeforeRotation = new DownloadLinkTokens(OLD_KEY, null, clock).sign(JOB, 1, NOW.plusSeconds(60));
        DownloadLinkTokens rotated = new DownloadLinkTokens(KEY, OLD_KEY, clock);

        assertThat(rotated.verify(issuedBeforeRotation).jobId()).isEqualTo(JOB);
        assertThat(rotated.verify(rotated.sign(JOB, 1, NOW.plusSeconds(60))).jobId()).isEqualTo(JOB);
    }

    @Test
    void afterRotationEndsTokensOfTheRetiredKeyAreTampered() {
        String issuedBeforeRotation = new DownloadLinkTokens(OLD_KEY, null, clock).sign(JOB, 1, NOW.plusSeconds(60));

        assertTampered(new DownloadLinkTokens(KEY, null, clock), issuedBeforeRotation);
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> new DownloadLinkTokens("short", null, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new DownloadLinkTokens(KEY, "short", clock))
                .hasMessageContaining("previous");
    }

    private static void assertTampered(DownloadLinkTokens tokens, String token) {
        assertThatThrownBy(() -> tokens.verify(token))
                .as("token %s", token)
                .isInstanceOfSatisfying(InvalidLinkException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidLinkException.Reason.TAMPERED));
    }
}
