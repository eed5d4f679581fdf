package dev.exportflow.api.job;

import static org.hamcrest.Matchers.equalTo;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Tokens;
import dev.exportflow.api.support.Worker;
import dev.exportflow.events.link.DownloadLinkTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job endpoint against every kind of caller (the matrix of docs/security.md): the owner gets through; an owner
 * who moved to another tenant still sees and may delete the export but no longer use it (403); another user, of the
 * same tenant or another, gets 404 (never 403); a missing, expired, foreign, unsigned, too old or incomplete token
 * gets 401.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    private static final String OWNER = Api.newUser("owner");

    private UUID job;

    /** Made on first use: RestAssured knows the api's port only once a test runs. */
    private synchronized UUID job() {
        if (job == null) {
            job = finishedJob();
        }
        return job;
    }

    private static UUID finishedJob() {
        return Worker.finishedOrdersJob(OWNER, Map.of(), "a\n1\n", 1);
    }

    static Stream<Arguments> callers() {
        return Stream.of(
                Arguments.of("owner", "owner"),
                Arguments.of("owner now in another tenant", "owner-moved"),
                Arguments.of("another user of the same tenant", "other"),
                Arguments.of("a user of another tenant", "other-tenant"),
                Arguments.of("no token", "none"),
                Arguments.of("expired token", "expired"),
                Arguments.of("token older than the maximum age", "too-old"),
                Arguments.of("token signed with another key", "foreign-key"),
                Arguments.of("token of another issuer", "foreign-issuer"),
                Arguments.of("token for another audience", "foreign-audience"),
                Arguments.of("unsigned token (alg none)", "unsigned"),
                Arguments.of("HS256 token keyed with the public key", "hs256"),
                Arguments.of("token without an email", "no-email"),
                Arguments.of("not a token", "garbage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void getJob(String name, String caller) {
        as(caller).get("/api/exports/{id}", job()).then().statusCode(expected(caller, 200, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void download(String name, String caller) {
        as(caller).redirects().follow(false).get("/api/exports/{id}/download", job()).then()
                .statusCode(expected(caller, 302, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void cancel(String name, String caller) {
        // The job has ended: the owner learns that (409), anyone else learns nothing.
        as(caller).post("/api/exports/{id}/cancel", job()).then().statusCode(expected(caller, 409, 409));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void events(String name, String caller) {
        as(caller).accept("text/event-stream").get("/api/exports/{id}/events", job()).then()
                .statusCode(expected(caller, 200, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void resend(String name, String caller) {
        // A job of its own for the owner: a second resend within a minute would be a 429.
        UUID target = caller.startsWith("owner") ? finishedJob() : job();
        as(caller).post("/api/exports/{id}/resend", target).then().statusCode(expected(caller, 202, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void delete(String name, String caller) {
        // Deleting only takes rights away, so an owner who moved may still do it; on a job of its own.
        UUID target = caller.startsWith("owner") ? finishedJob() : job();
        as(caller).delete("/api/exports/{id}", target).then().statusCode(expected(caller, 200, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void list(String name, String caller) {
        var response = as(caller).get("/api/exports").then().statusCode(expectedNamingNoJob(caller, 200));
        if (caller.startsWith("other")) {
            response.body("items.size()", equalTo(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void create(String name, String caller) {
        as(caller).contentType("application/json").body(Api.ordersRequest(Map.of("status", "PAID"))).post("/api/exports")
                .then().statusCode(expectedNamingNoJob(caller, 202));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void datasets(String name, String caller) {
        as(caller).get("/api/datasets").then().statusCode(expectedNamingNoJob(caller, 200));
    }

    /** The holder of an emailed link needs no token; its owner's rights are checked for it (PermissionRecheckTest). */
    @Test
    void linkHolder() {
        String link = new DownloadLinkTokens(Api.stack().endpoints().linkSigningKey(), null, Clock.systemUTC())
                .sign(job(), 1, Instant.now().plusSeconds(600));
        as("owner").get("/api/exports").then().statusCode(200);
        RestAssured.given().redirects().follow(false).get("/d/{token}", link).then().statusCode(302);
    }

    /**
     * @param forOwner what the owner gets
     * @param forMovedOwner what the owner gets with a token of another tenant
     */
    private static int expected(String caller, int forOwner, int forMovedOwner) {
        return switch (caller) {
            case "owner" -> forOwner;
            case "owner-moved" -> forMovedOwner;
            case "other", "other-tenant" -> 404;
            default -> 401;
        };
    }

    /** Where no job is named, every valid token is served alike. */
    private static int expectedNamingNoJob(String caller, int forAnyUser) {
        return caller.startsWith("owner") || caller.startsWith("other") ? forAnyUser : 401;
    }

    private static RequestSpecification as(String caller) {
        var tokens = Api.stack().tokens();
        RequestSpecification request = RestAssured.given();
        return switch (caller) {
            case "owner" -> request.auth().oauth2(Api.token(OWNER));
            case "owner-moved" -> request.auth().oauth2(tokens.builder(OWNER).tenant("globex").sign());
            case "other" -> request.auth().oauth2(Api.token(Api.newUser("other")));
            case "other-tenant" -> request.auth().oauth2(tokens.builder(Api.newUser("other")).tenant("globex").sign());
            case "expired" -> request.auth().oauth2(tokens.builder(OWNER).expiresAt(Instant.now().minusSeconds(120)).sign());
            case "too-old" -> request.auth().oauth2(tokens.builder(OWNER)
                    .issuedAt(Instant.now().minus(Duration.ofHours(13))).sign());
            case "foreign-key" -> request.auth().oauth2(tokens.builder(OWNER).signedWith(foreignKey()).sign());
            case "foreign-issuer" -> request.auth().oauth2(tokens.builder(OWNER).issuer("https://evil.example").sign());
            case "foreign-audience" -> request.auth().oauth2(tokens.builder(OWNER).audience("another-app").sign());
            case "unsigned" -> request.auth().oauth2(Tokens.unsigned(Tokens.claims(OWNER)));
            case "hs256" -> request.auth().oauth2(Tokens.hmacWithThePublicKey(Tokens.claims(OWNER)));
            case "no-email" -> request.auth().oauth2(Tokens.signed(Tokens.without(Tokens.claims(OWNER), "email")));
            case "garbage" -> request.auth().oauth2("not-a-jwt");
            default -> request;
        };
    }

    private static java.security.PrivateKey foreignKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
