package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Metrics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

/**
 * A bearer token is verified once for the many requests a client sends with it, and never served from memory past what
 * its own claims allow. Counted by the cache's own metrics: a miss is a verification.
 */
@QuarkusTest
class VerifiedTokensTest {

    private static final int CALLS = 8;
    /** Past a token's exp or maximum age, by this much: the time bounds are whole seconds. */
    private static final Duration PAST = Duration.ofMillis(1_200);

    @Test
    void concurrentAndLaterCallsWithOneTokenVerifyItOnce() throws Exception {
        String token = Api.token(Api.newUser("remembered"));
        Counts before = Counts.now();
        ExecutorService clients = Executors.newFixedThreadPool(CALLS);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(() -> status(token));
            }
            for (Future<Integer> call : clients.invokeAll(calls)) {
                assertThat(call.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(status(token)).isEqualTo(200);
        Counts after = Counts.now();
        assertThat(after.misses() - before.misses()).as("verifications").isEqualTo(1);
        assertThat(after.hits() - before.hits()).as("calls served from memory").isEqualTo(CALLS);
    }

    @Test
    void aRefusedTokenIsVerifiedAgainAtEachTry() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Api.stack().tokens().builder(Api.newUser("forger"))
                .signedWith(generator.generateKeyPair().getPrivate()).sign();
        Counts before = Counts.now();
        assertThat(status(forged)).isEqualTo(401);
        assertThat(status(forged)).isEqualTo(401);
        assertThat(Counts.now().misses() - before.misses()).as("verifications").isEqualTo(2);
    }

    @Test
    void aTokenIsVerifiedAgainOnceItsExpiryOrItsMaximumAgeHasPassed() throws Exception {
        Instant soon = Instant.now().plusSeconds(3);
        String expiring = Api.stack().tokens().builder(Api.newUser("expiring")).expiresAt(soon).sign();
        // mp.jwt.verify.token.age is 12 hours
        String ageing = Api.stack().tokens().builder(Api.newUser("ageing"))
                .issuedAt(soon.minus(Duration.ofHours(12))).sign();
        for (String token : List.of(expiring, ageing)) {
            assertThat(status(token)).isEqualTo(200);
        }
        Counts remembered = Counts.now();
        for (String token : List.of(expiring, ageing)) {
            assertThat(status(token)).isEqualTo(200);
        }
        assertThat(Counts.now().misses()).as("served from memory before the bound").isEqualTo(remembered.misses());

        // A wait for a wall-clock instant, not for a state: polling the api instead would add counted verifications
        // (each call between the cache's bound and the verifier's is verified and not kept), which is what is measured.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), soon.plus(PAST)).toMillis()));
        Counts past = Counts.now();
        // Verified again: the expired one is still accepted within the clock skew's grace, the aged one is refused.
        assertThat(status(expiring)).isEqualTo(200);
        assertThat(status(ageing)).isEqualTo(401);
        assertThat(Counts.now().misses() - past.misses()).as("verifications after the bound").isEqualTo(2);
    }

    private static int status(String token) {
        return RestAssured.given().auth().oauth2(token).get("/api/exports").statusCode();
    }

    /** The verified-token cache's hits and misses so far. */
    private record Counts(double hits, double misses) {

        static Counts now() {
            return new Counts(Metrics.sum("cache_gets_total", "cache=\"verified-tokens\"", "result=\"hit\""),
                    Metrics.sum("cache_gets_total", "cache=\"verified-tokens\"", "result=\"miss\""));
        }
    }
}
