package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Tokens;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;

/** ES256 instead of RS256 is one setting away, and then it is the only algorithm accepted. */
@QuarkusTest
@TestProfile(Es256Test.EcKeys.class)
class Es256Test {

    /** Injected by {@link EcKeyPair}. */
    KeyPair keys;

    @Test
    void es256TokensAreAcceptedAndRs256OnesRefused() {
        String user = Api.newUser("ec");
        String es256 = Tokens.sign(Tokens.claims(user), keys.getPrivate(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                null);
        assertThat(status(es256)).isEqualTo(200);
        assertThat(status(Api.token(user))).as("an RS256 token of the devstack's key").isEqualTo(401);
        assertThat(status(Tokens.unsigned(Tokens.claims(user)))).isEqualTo(401);
    }

    private static int status(String token) {
        return RestAssured.given().auth().oauth2(token).get("/api/exports").statusCode();
    }

    /** Verify with {@link EcKeyPair}'s public key, ES256 (for the placeholder see {@link JwksRotationTest.KeysFromAUrl}). */
    public static class EcKeys implements QuarkusTestProfile {

        static final String BUILD_TIME_PLACEHOLDER = "not-yet-known.pem";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.jwt.verify.publickey.location", "${exportflow.test.ec-public-key:" + BUILD_TIME_PLACEHOLDER + "}",
                    "mp.jwt.verify.publickey.algorithm", "ES256");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EcKeyPair.class));
        }
    }

    /** A P-256 key pair; the public half as a PEM file. */
    public static class EcKeyPair implements QuarkusTestResourceLifecycleManager {

        private KeyPair pair;

        @Override
        public Map<String, String> start() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                pair = generator.generateKeyPair();
                Path file = Files.createTempFile("es256-public", ".pem");
                file.toFile().deleteOnExit();
                Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
                return Map.of("exportflow.test.ec-public-key", file.toString());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(pair, new TestInjector.MatchesType(KeyPair.class));
        }

        @Override
        public void stop() {
        }
    }
}
