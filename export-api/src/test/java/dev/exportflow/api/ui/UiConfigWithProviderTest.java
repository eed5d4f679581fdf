package dev.exportflow.api.ui;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

/** {@code GET /api/ui/config} as in production: an OpenID Connect provider is configured and token paste is off. */
@QuarkusTest
@TestProfile(UiConfigWithProviderTest.Provider.class)
class UiConfigWithProviderTest {

    @Test
    void theUiSignsInWithTheProvider() {
        RestAssured.get("/api/ui/config").then().statusCode(200)
                .body("oidc.authority", equalTo("https://id.example.test/realms/exportflow"))
                .body("oidc.clientId", equalTo("exportflow-ui"))
                .body("oidc.scope", equalTo("openid profile email"))
                .body("tokenPaste", equalTo(false));
    }

    /** Provider settings as an operator would give them (environment variables in production). */
    public static class Provider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("exportflow.ui.oidc.authority", "https://id.example.test/realms/exportflow",
                    "exportflow.ui.oidc.client-id", "exportflow-ui", "exportflow.ui.token-paste", "false");
        }
    }
}
