package dev.exportflow.api.ops;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;

import dev.exportflow.api.support.Api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI, CORS and the problem format of the framework's own errors. */
@QuarkusTest
class OperationsTest {

    @Test
    void readinessCoversTheDatabaseKafkaAndObjectStorage() {
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("object storage", "Database connections health check",
                        "SmallRye Reactive Messaging - readiness check"));
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountJobsByStatusTheOutboxAndRequests() {
        Api.createOrdersJob(Api.newUser("metrics"), Map.of());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("exportflow_jobs{status=\"QUEUED\"}"))
                .body(containsString("exportflow_outbox_pending"))
                .body(containsString("exportflow_outbox_oldest_age_seconds"))
                .body(containsString("exportflow_exports_requested_total{dataset=\"orders\"}"))
                .body(containsString("http_server_requests_seconds_count{method=\"POST\"")));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        RestAssured.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/exports", "/api/exports/{id}", "/api/exports/{id}/cancel",
                        "/api/exports/{id}/download", "/api/exports/{id}/events", "/api/exports/{id}/resend",
                        "/api/datasets", "/d/{token}"));
    }

    @Test
    void corsAllowsTheConfiguredOriginOnlyAndNeverWithCredentials() {
        RestAssured.given().header("Origin", "https://app.example.test")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/exports").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example.test")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")));

        RestAssured.given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/exports").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theWebUiIsServedFromTheSameOrigin() {
        RestAssured.get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>ExportFlow</title>")).body(containsString("app.js"));
        RestAssured.get("/app.js").then().statusCode(200).body(containsString("/api/exports"));
    }

    @Test
    void unknownAddressesAndMethodsAnswerProblems() {
        Api.as(Api.newUser("lost")).get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        Api.as(Api.newUser("lost")).delete("/api/exports").then().statusCode(405).contentType("application/problem+json");
    }
}
