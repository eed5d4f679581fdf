package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TokenSettingsCheckTest {

    private static final Optional<List<String>> AUDIENCE = Optional.of(List.of("exportflow"));
    private static final Optional<String> ISSUER = Optional.of("https://login.example.com");

    @Test
    void anAudienceAnIssuerAndAnAsymmetricAlgorithmAreEnough() {
        assertThat(TokenSettingsCheck.problems(AUDIENCE, ISSUER, "RS256", Optional.empty())).isEmpty();
        assertThat(TokenSettingsCheck.problems(AUDIENCE, ISSUER, "ES256", Optional.empty())).isEmpty();
    }

    @Test
    void eachMissingOrUnsafeSettingIsNamed() {
        assertThat(TokenSettingsCheck.problems(Optional.empty(), ISSUER, "RS256", Optional.empty()))
                .singleElement().asString().contains("mp.jwt.verify.audiences");
        assertThat(TokenSettingsCheck.problems(Optional.of(List.of(" ")), ISSUER, "RS256", Optional.empty()))
                .singleElement().asString().contains("mp.jwt.verify.audiences");
        assertThat(TokenSettingsCheck.problems(AUDIENCE, Optional.empty(), "RS256", Optional.empty()))
                .singleElement().asString().contains("mp.jwt.verify.issuer");
        assertThat(TokenSettingsCheck.problems(AUDIENCE, ISSUER, "HS256", Optional.empty()))
                .singleElement().asString().contains("must be one of");
        assertThat(TokenSettingsCheck.problems(AUDIENCE, ISSUER, "RS256", Optional.of("HS256")))
                .singleElement().asString().contains("smallrye.jwt.verify.algorithm");
        assertThat(TokenSettingsCheck.problems(Optional.empty(), Optional.empty(), "none", Optional.empty())).hasSize(3);
    }
}
