package dev.exportflow.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The public HTTP API of export-api, as a frontend uses it. */
final class ExportApiClient {

    static final List<String> TERMINAL = List.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED");

    private final String baseUrl;

    ExportApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Response submit(String token, Map<String, Object> body) {
        return submit(token, body, Map.of());
    }

    /** @param headers more request headers, e.g. the caller's {@code traceparent} */
    Response submit(String token, Map<String, Object> body, Map<String, String> headers) {
        return given().baseUri(baseUrl)
                .auth().oauth2(token)
                .headers(headers)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/exports");
    }

    /** Submits an export that must be accepted ({@code 202}), and returns the job's id. */
    String submitAccepted(String token, Map<String, Object> body) {
        return submit(token, body).then().statusCode(202).extract().jsonPath().getString("id");
    }

    /** The request body for a CSV of the caller's orders in {@code status}. */
    static Map<String, Object> orders(String status) {
        return Map.of("dataset", "orders", "parameters", Map.of("status", status), "format", "csv");
    }

    Response job(String token, String id) {
        return given().baseUri(baseUrl).auth().oauth2(token).get("/api/exports/" + id);
    }

    /** Polls the job until it reaches a final status, and returns it. */
    JsonPath awaitFinished(String token, String id, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> job(token, id).then().statusCode(200).extract().jsonPath(),
                        job -> TERMINAL.contains(job.getString("status")));
    }
}
