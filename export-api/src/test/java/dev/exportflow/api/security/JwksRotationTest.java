package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.exportflow.api.support.Api;
import dev.exportflow.devstack.auth.DevTokens;
import dev.exportflow.devstack.auth.JwksServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

/**
 * Verification keys fetched from a JWKS URL follow an identity provider's key rotation: a token of a newly published
 * key is accepted as soon as it is used (within jose4j's 300 ms between fetches), and a retired key is refused once the
 * api has read the key set again and the tokens it verified lately were forgotten ({@link VerifiedTokens}).
 */
@QuarkusTest
@TestProfile(JwksRotationTest.KeysFromAUrl.class)
class JwksRotationTest {

    /** Injected by {@link KeySet}. */
    JwksServer jwks;

    @Test
    void aNewKeyIsAcceptedAtOnceAndARetiredOneRefusedAfterTheNextFetch() {
        String user = Api.newUser("rotation");
        assertThat(status(token(user, "key-1"))).isEqualTo(200);

        String second = jwks.addKey();
        int fetchesBefore = jwks.requests();
        acceptedSoon(token(user, second), "a token of a key published after the last fetch");
        assertThat(jwks.requests()).as("the unknown key id made the api fetch the set again").isGreaterThan(fetchesBefore);
        assertThat(status(token(user, "key-1"))).as("both keys are published").isEqualTo(200);

        String retiredToken = token(user, "key-1");
        jwks.retire("key-1");
        String third = jwks.addKey();
        acceptedSoon(token(user, third), "the next rotation's key; the set is fetched again");
        // Verified tokens are remembered for exportflow.security.verified-token-ttl (1 s here), the retired key's too.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status(retiredToken)).as("a token of the retired key").isEqualTo(401));
        assertThat(status(token(user, second))).isEqualTo(200);

        assertThat(status(new DevTokens(jwks.privateKey(second), Api.stack().endpoints().jwtIssuer()).builder(user)
                .signedWith(jwks.privateKey(second), "key-never-published").sign())).as("an unknown key id").isEqualTo(401);
        assertThat(status(Api.token(user))).as("the devstack's PEM key is not in the set").isEqualTo(401);
    }

    /**
     * The key set is fetched again for an unknown key id, but jose4j fetches at most once per 300 ms ("refresh
     * reprieve"): a token that arrives sooner after the last fetch is refused, and the next one within a moment passes.
     */
    private static void acceptedSoon(String token, String what) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status(token)).as(what).isEqualTo(200));
    }

    private String token(String user, String keyId) {
        return new DevTokens(jwks.privateKey(keyId), Api.stack().endpoints().jwtIssuer()).builder(user)
                .signedWith(jwks.privateKey(keyId), keyId).sign();
    }

    private static int status(String token) {
        return RestAssured.given().auth().oauth2(token).get("/api/exports").statusCode();
    }

    /**
     * The api reads its keys from {@link KeySet}'s URL, and fetches the set again at once for any unknown key id. The
     * URL is known only once the resource runs; at build time a location must be set all the same, or smallrye-jwt
     * makes up a key pair of its own and ignores the location.
     */
    public static class KeysFromAUrl implements QuarkusTestProfile {

        static final String BUILD_TIME_PLACEHOLDER = "http://127.0.0.1:9/not-yet-known";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.jwt.verify.publickey.location", "${exportflow.test.jwks-url:" + BUILD_TIME_PLACEHOLDER + "}",
                    "smallrye.jwt.jwks.forced-refresh-interval", "0",
                    "exportflow.security.verified-token-ttl", "PT1S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeySet.class));
        }
    }

    /** A key set server with one key, {@code key-1}, for the test to rotate. */
    public static class KeySet implements QuarkusTestResourceLifecycleManager {

        private JwksServer server;

        @Override
        public Map<String, String> start() {
            server = JwksServer.start(0);
            return Map.of("exportflow.test.jwks-url", server.url());
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(server, new TestInjector.MatchesType(JwksServer.class));
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
