package dev.exportflow.api.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Tokens;
import dev.exportflow.api.support.Untouched;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * What a bearer token must be beyond a valid signature of the right issuer: meant for ExportFlow (aud), signed with the
 * pinned algorithm, not older than {@code mp.jwt.verify.token.age}, and naming the user, their email and their tenant.
 * Every refusal is a problem+json 401, and a create request so refused stores and publishes nothing.
 */
@QuarkusTest
class TokenChecksTest {

    @Test
    void aTokenForAnotherAudienceOrForNoneIsRefused() {
        String user = Api.newUser("aud");
        refusedOnCreate(user, Api.stack().tokens().builder(user).audience("another-app").sign());
        refusedOnCreate(user, Api.stack().tokens().builder(user).audience(null).sign());
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void onlyThePinnedAlgorithmIsAccepted() {
        String user = Api.newUser("alg");
        refusedOnCreate(user, Tokens.unsigned(Tokens.claims(user)));
        refusedOnCreate(user, Tokens.hmacWithThePublicKey(Tokens.claims(user)));
        Untouched.assertNothingStoredOrPublishedFor(user);

        create(Tokens.signed(Tokens.claims(user))).statusCode(202);
    }

    @Test
    void aTokenOlderThanTheMaximumAgeIsRefusedWhateverItsExpiry() {
        String user = Api.newUser("old");
        JwtClaims old = Tokens.claims(user);
        old.setIssuedAt(NumericDate.fromSeconds(Instant.now().minus(Duration.ofHours(13)).getEpochSecond()));
        refusedOnCreate(user, Tokens.signed(old));
        refusedOnCreate(user, Tokens.signed(Tokens.without(Tokens.claims(user), "iat")));
        Untouched.assertNothingStoredOrPublishedFor(user);

        JwtClaims young = Tokens.claims(user);
        young.setIssuedAt(NumericDate.fromSeconds(Instant.now().minus(Duration.ofHours(11)).getEpochSecond()));
        create(Tokens.signed(young)).statusCode(202);
    }

    @Test
    void aMissingSubEmailOrTenantIsA401NamingTheClaim() {
        String user = Api.newUser("claims");
        for (String claim : new String[] {"sub", "email", "tenant"}) {
            JwtClaims claims = Tokens.without(Tokens.claims(user), claim, "upn");
            namingClaim(create(Tokens.signed(claims)), claim).body("detail", containsString("is missing"));
            namingClaim(RestAssured.given().auth().oauth2(Tokens.signed(claims)).get("/api/exports"), claim);
        }
        namingClaim(create(Api.stack().tokens().builder(user).email("  ").sign()), "email");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void aClaimOfTheWrongTypeOrLengthIsA401NamingIt() {
        String user = Api.newUser("types");
        JwtClaims numericEmail = Tokens.claims(user);
        numericEmail.setClaim("email", 42);
        namingClaim(create(Tokens.signed(numericEmail)), "email").body("detail", containsString("not a string"));
        JwtClaims objectTenant = Tokens.claims(user);
        objectTenant.setClaim("tenant", Map.of("id", "acme"));
        namingClaim(create(Tokens.signed(objectTenant)), "tenant");
        namingClaim(create(Api.stack().tokens().builder(user).tenant("t".repeat(Caller.MAX_ID + 1)).sign()), "tenant")
                .body("detail", containsString("longer than"));
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void overlongHintsAreIgnoredRatherThanRefused() {
        String user = Api.newUser("hints");
        String token = Api.stack().tokens().builder(user).timeZone("Europe/" + "x".repeat(Caller.MAX_HINT))
                .locale("de-" + "x".repeat(Caller.MAX_HINT)).sign();
        create(token).statusCode(202).body("options.timeZone", equalTo("UTC"));
    }

    private static ValidatableResponse create(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Api.ordersRequest(Map.of("status", "PAID"))).post("/api/exports").then();
    }

    private static void refusedOnCreate(String user, String token) {
        create(token).statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    private static ValidatableResponse namingClaim(io.restassured.response.Response response, String claim) {
        return namingClaim(response.then(), claim);
    }

    private static ValidatableResponse namingClaim(ValidatableResponse response, String claim) {
        return response.statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"))
                .body("status", equalTo(401))
                .body("claim", equalTo(claim))
                .body("detail", containsString("'" + claim + "'"));
    }
}
