package dev.exportflow.api.job;

import static org.hamcrest.Matchers.equalTo;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Worker;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every job endpoint against every kind of caller: the owner gets through, another user gets 404 (never 403), and
 * no, expired, foreign-signed or foreign-issued tokens get 401.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    private static final String OWNER = Api.newUser("owner");

    private UUID job;

    /** Made on first use: RestAssured knows the api's port only once a test runs. */
    private synchronized UUID job() {
        if (job == null) {
            job = Worker.finishedOrdersJob(OWNER, Map.of(), "a\n1\n", 1);
        }
        return job;
    }

    static Stream<Arguments> callers() {
        return Stream.of(
                Arguments.of("owner", "owner"),
                Arguments.of("another user", "other"),
                Arguments.of("no token", "none"),
                Arguments.of("expired token", "expired"),
                Arguments.of("token signed with another key", "foreign-key"),
                Arguments.of("token of another issuer", "foreign-issuer"),
                Arguments.of("not a token", "garbage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void getJob(String name, String caller) {
        as(caller).get("/api/exports/{id}", job()).then().statusCode(expected(caller, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void download(String name, String caller) {
        as(caller).redirects().follow(false).get("/api/exports/{id}/download", job()).then().statusCode(expected(caller, 302));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void cancel(String name, String caller) {
        // The job has ended: the owner learns that (409), anyone else learns nothing.
        as(caller).post("/api/exports/{id}/cancel", job()).then().statusCode(expected(caller, 409));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void events(String name, String caller) {
        as(caller).accept("text/event-stream").get("/api/exports/{id}/events", job()).then().statusCode(expected(caller, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void list(String name, String caller) {
        var response = as(caller).get("/api/exports").then().statusCode(expectedNamingNoJob(caller, 200));
        if ("other".equals(caller)) {
            response.body("items.size()", equalTo(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void create(String name, String caller) {
        as(caller).contentType("application/json").body(Api.ordersRequest(Map.of("status", "PAID"))).post("/api/exports")
                .then().statusCode(expectedNamingNoJob(caller, 202));
    }

    private static int expected(String caller, int forOwner) {
        return switch (caller) {
            case "owner" -> forOwner;
            case "other" -> 404;
            default -> 401;
        };
    }

    /** Where no job is named, another user is served like the owner. */
    private static int expectedNamingNoJob(String caller, int forAnyUser) {
        return "other".equals(caller) ? forAnyUser : expected(caller, forAnyUser);
    }

    private static RequestSpecification as(String caller) {
        var tokens = Api.stack().tokens();
        RequestSpecification request = RestAssured.given();
        return switch (caller) {
            case "owner" -> request.auth().oauth2(Api.token(OWNER));
            case "other" -> request.auth().oauth2(Api.token(Api.newUser("other")));
            case "expired" -> request.auth().oauth2(tokens.builder(OWNER).expiresAt(Instant.now().minusSeconds(120)).sign());
            case "foreign-key" -> request.auth().oauth2(tokens.builder(OWNER).signedWith(foreignKey()).sign());
            case "foreign-issuer" -> request.auth().oauth2(tokens.builder(OWNER).issuer("https://evil.example").sign());
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
