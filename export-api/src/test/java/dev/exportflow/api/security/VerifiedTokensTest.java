package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import dev.exportflow.api.support.Api;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

/**
 * A token is verified once and then answered from memory for a few seconds ({@link VerifiedTokens}), but only the very
 * same text: a token changed in any character is checked afresh and refused.
 */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    MeterRegistry metrics;

    @Test
    void aTokenUsedAgainIsVerifiedOnce() {
        String token = Api.token(Api.newUser("again"));
        double verifiedBefore = gets("miss");
        double rememberedBefore = gets("hit");

        for (int call = 0; call < 3; call++) {
            assertThat(status(token)).isEqualTo(200);
        }

        assertThat(gets("miss") - verifiedBefore).as("verifications").isEqualTo(1);
        assertThat(gets("hit") - rememberedBefore).as("answered from memory").isEqualTo(2);
    }

    @Test
    void aRememberedTokenChangedInAnyPartIsRefused() {
        String token = Api.token(Api.newUser("altered"));
        assertThat(status(token)).isEqualTo(200);
        String[] parts = token.split("\\.");

        assertThat(status(parts[0] + "." + parts[1] + "." + flipped(parts[2]))).as("another signature").isEqualTo(401);
        assertThat(status(parts[0] + "." + flipped(parts[1]) + "." + parts[2])).as("other claims").isEqualTo(401);
        assertThat(status(parts[0] + "." + parts[1] + ".")).as("no signature").isEqualTo(401);
        assertThat(status(token)).as("the token itself, still").isEqualTo(200);
    }

    /** The part with one base64url character in its middle replaced by another. */
    private static String flipped(String part) {
        int middle = part.length() / 2;
        char other = part.charAt(middle) == 'A' ? 'B' : 'A';
        return part.substring(0, middle) + other + part.substring(middle + 1);
    }

    private double gets(String result) {
        return metrics.get("cache.gets").tag("cache", "verified-tokens").tag("result", result).functionCounter().count();
    }

    private static int status(String token) {
        return RestAssured.given().auth().oauth2(token).get("/api/exports").statusCode();
    }
}
