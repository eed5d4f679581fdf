package dev.exportflow.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SignInSettingsCheckTest {

    private static final Optional<String> AUTHORITY = Optional.of("https://id.example.com/realms/exportflow");
    private static final Optional<String> CLIENT = Optional.of("exportflow-ui");

    @Test
    void aProviderIsAnIssuerUrlAndAClientOrNeither() {
        assertThat(SignInSettingsCheck.problems(AUTHORITY, CLIENT)).isEmpty();
        assertThat(SignInSettingsCheck.problems(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(SignInSettingsCheck.problems(Optional.of("http://127.0.0.1:8180/realms/exportflow"), CLIENT))
                .as("plain http on this machine's loopback, as in the sign-in system test").isEmpty();
    }

    @Test
    void halfAProviderIsNamed() {
        assertThat(SignInSettingsCheck.problems(AUTHORITY, Optional.empty())).singleElement().asString()
                .contains("exportflow.ui.oidc.client-id").contains("EXPORTFLOW_UI_OIDC_CLIENT_ID");
        assertThat(SignInSettingsCheck.problems(Optional.empty(), CLIENT)).singleElement().asString()
                .contains("exportflow.ui.oidc.authority").contains("EXPORTFLOW_UI_OIDC_AUTHORITY");
    }

    @Test
    void anAuthorityThatIsNoIssuerUrlIsRefused() {
        List<String> bad = List.of("id.example.com/realms/exportflow", "http://id.example.com/realms/exportflow",
                "https://id.example.com/realms/x?y=1", "https://", "ftp://id.example.com", "https://id example.com");
        for (String authority : bad) {
            assertThat(SignInSettingsCheck.problems(Optional.of(authority), CLIENT)).as(authority).singleElement().asString()
                    .contains("must be the provider's issuer URL");
        }
    }

    @Test
    void theAuthorityAndTheTokensIssuerAreComparedWithoutTheTrailingSlash() {
        assertThat(SignInSettingsCheck.sameIssuer("https://id.example.com/realms/exportflow",
                "https://id.example.com/realms/exportflow/")).isTrue();
        assertThat(SignInSettingsCheck.sameIssuer("https://id.example.com/realms/exportflow",
                "https://id.example.com/realms/other")).isFalse();
        assertThat(SignInSettingsCheck.sameIssuer("https://id.example.com/realms/exportflow", "")).isFalse();
    }
}
