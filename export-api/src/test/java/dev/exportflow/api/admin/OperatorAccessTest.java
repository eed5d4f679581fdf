package dev.exportflow.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /api/admin/**} endpoint answers only callers with the role {@code operator}: no token is a 401, any
 * other caller (even one with the role {@code admin} of the customers dataset) a problem+json 403 that changes nothing.
 */
@QuarkusTest
class OperatorAccessTest {

    /** Method and path of every operator endpoint, with the status an operator gets for it here. */
    private record Endpoint(String method, String path, int operatorStatus) {
    }

    private static final UUID UNKNOWN = UUID.randomUUID();
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/admin/exports", 200),
            new Endpoint("GET", "/api/admin/stats", 200),
            new Endpoint("GET", "/api/admin/audit", 200),
            new Endpoint("GET", "/api/admin/dead-letters?topic=export-notify.dlq&limit=1", 200),
            new Endpoint("POST", "/api/admin/exports/" + UNKNOWN + "/retry", 404),
            new Endpoint("POST", "/api/admin/exports/" + UNKNOWN + "/cancel", 404),
            new Endpoint("POST", "/api/admin/exports/" + UNKNOWN + "/resend", 404));

    @Test
    void noTokenOrABadOneIsA401EvenWithTheRoleOperator() {
        String user = Api.newUser("mallory");
        JwtClaims unsigned = Tokens.claims(user);
        unsigned.setStringListClaim("groups", "operator");
        List<String> badTokens = List.of(
                Tokens.unsigned(unsigned),
                Api.stack().tokens().builder(user).groups(List.of("operator")).expiresAt(Instant.now().minusSeconds(600))
                        .sign(),
                Api.stack().tokens().builder(user).groups(List.of("operator")).issuer("https://elsewhere.example").sign(),
                Api.stack().tokens().builder(user).groups(List.of("operator")).audience("another-service").sign());
        for (Endpoint endpoint : ENDPOINTS) {
            Response response = call(RestAssured.given(), endpoint);
            assertThat(response.statusCode()).as(endpoint.toString()).isEqualTo(401);
            assertThat(response.contentType()).as(endpoint.toString()).startsWith("application/problem+json");
            for (String token : badTokens) {
                assertThat(call(RestAssured.given().auth().oauth2(token), endpoint).statusCode()).as(endpoint.toString())
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void everyoneButAnOperatorGetsAProblem403AndChangesNothing() {
        String owner = Api.newUser("olga");
        UUID job = Api.createOrdersJob(owner, Map.of());
        List<Endpoint> onTheJob = List.of(new Endpoint("POST", "/api/admin/exports/" + job + "/cancel", 202),
                new Endpoint("POST", "/api/admin/exports/" + job + "/retry", 409));
        for (List<String> groups : List.of(List.of("exporter"), List.of("exporter", "admin"), List.<String>of(),
                List.of("Operator"), List.of("operators"))) {
            String token = Api.token(Api.newUser("nobody"), groups);
            for (Endpoint endpoint : concat(ENDPOINTS, onTheJob)) {
                Response response = call(RestAssured.given().auth().oauth2(token), endpoint);
                assertThat(response.statusCode()).as("%s with groups %s", endpoint, groups).isEqualTo(403);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.jsonPath().getInt("status")).isEqualTo(403);
            }
        }
        Api.as(owner).get("/api/exports/{id}", job).then().statusCode(200).body("status", equalTo("QUEUED"));
    }

    @Test
    void anOperatorReachesEveryEndpoint() {
        String token = Api.token(Api.newUser("opal"), List.of("operator"));
        for (Endpoint endpoint : ENDPOINTS) {
            Response response = call(RestAssured.given().auth().oauth2(token), endpoint);
            assertThat(response.statusCode()).as(endpoint.toString()).isEqualTo(endpoint.operatorStatus());
        }
    }

    @Test
    void everyOperatorEndpointIsDocumentedUnderTheTagOperators() {
        JsonPath openApi = RestAssured.given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openApi.getMap("paths");
        List<String> expected = List.of("/api/admin/exports", "/api/admin/exports/{id}/retry",
                "/api/admin/exports/{id}/cancel", "/api/admin/exports/{id}/resend", "/api/admin/audit",
                "/api/admin/stats", "/api/admin/dead-letters", "/api/ui/config");
        assertThat(paths).containsKeys(expected.toArray(String[]::new));
        for (String path : expected) {
            paths.get(path).forEach((method, operation) -> assertThat(String.valueOf(operation.get("tags")))
                    .as("%s %s", method, path).contains("Operators"));
        }
    }

    private static Response call(RequestSpecification request, Endpoint endpoint) {
        return endpoint.method().equals("GET") ? request.get(endpoint.path()) : request.post(endpoint.path());
    }

    private static List<Endpoint> concat(List<Endpoint> first, List<Endpoint> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
