package dev.exportflow.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import dev.exportflow.devstack.auth.DevKeys;
import dev.exportflow.devstack.auth.DevTokens;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./exportflow token NAME [--groups g1,g2] [--tenant T] [--email ADDRESS]}: what it reads and what it signs. */
class TokenRequestTest {

    @TempDir
    Path home;

    @Test
    void aNameAloneIsADemoExporterOfTheDefaultTenant() {
        TokenRequest request = TokenRequest.parse(List.of("ada"));

        assertThat(request).isEqualTo(new TokenRequest("ada", "ada@example.com", List.of("exporter"), "acme"));
    }

    @Test
    void groupsTenantAndAddressAreTakenInAnyOrder() {
        TokenRequest request = TokenRequest.parse(
                List.of("--tenant", "globex", "olga", "--groups", "operator, exporter,,operator", "--email", "o@x.org"));

        assertThat(request).isEqualTo(new TokenRequest("olga", "o@x.org", List.of("operator", "exporter"), "globex"));
    }

    @Test
    void anAddressAsSecondWordStillWorksAndEmptyGroupsGiveNoRole() {
        TokenRequest request = TokenRequest.parse(List.of("bob", "bob@example.org", "--groups", ""));

        assertThat(request).isEqualTo(new TokenRequest("bob", "bob@example.org", List.of(), "acme"));
    }

    @Test
    void mistakesAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> TokenRequest.parse(List.of())).hasMessageContaining("usage: ./exportflow token NAME");
        assertThatThrownBy(() -> TokenRequest.parse(List.of("ada", "--groups")))
                .hasMessageStartingWith("--groups needs a value");
        assertThatThrownBy(() -> TokenRequest.parse(List.of("ada", "--tenant", " ")))
                .hasMessageStartingWith("--tenant must not be blank");
        assertThatThrownBy(() -> TokenRequest.parse(List.of("ada", "--role", "operator")))
                .hasMessageStartingWith("unknown option --role");
        assertThatThrownBy(() -> TokenRequest.parse(List.of("ada", "a@x.org", "b@x.org")))
                .hasMessageContaining("usage:");
        assertThatThrownBy(() -> TokenRequest.parse(List.of("ada", "a@x.org", "--email", "b@x.org")))
                .hasMessageContaining("usage:");
    }

    @Test
    void theSignedTokenCarriesTheRequestedClaimsAndVerifiesWithTheDevstackKey() throws Exception {
        DevKeys keys = new DevKeys(home).ensureExist();
        TokenRequest request = TokenRequest.parse(List.of("olga", "--groups", "operator,exporter", "--tenant", "globex"));

        String token = request.sign(new DevTokens(keys.privateKeyFile(), DevKeys.ISSUER));

        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKey(publicKey(keys))
                .setExpectedIssuer(DevKeys.ISSUER)
                .setExpectedAudience(DevTokens.AUDIENCE)
                .setRequireExpirationTime()
                .build().processToClaims(token);
        assertThat(claims.getSubject()).isEqualTo("olga");
        assertThat(claims.getStringClaimValue("email")).isEqualTo("olga@example.com");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator", "exporter");
        assertThat(claims.getStringClaimValue("tenant")).isEqualTo("globex");
    }

    private static PublicKey publicKey(DevKeys keys) throws Exception {
        String pem = Files.readString(keys.publicKeyFile()).replaceAll("-----[A-Z ]+-----|\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
