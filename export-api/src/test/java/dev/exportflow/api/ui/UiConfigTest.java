package dev.exportflow.api.ui;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

/** {@code GET /api/ui/config} without a token, in the test profile (like dev): no provider, token paste on. */
@QuarkusTest
class UiConfigTest {

    @Test
    void withoutAProviderTheUiPastesTokens() {
        RestAssured.get("/api/ui/config").then().statusCode(200).contentType("application/json")
                .body("oidc", nullValue()).body("tokenPaste", equalTo(true));
    }
}
