package dev.exportflow.api.support;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.testing.DevStackTestResource;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Small helpers for calling the api as a given user. */
public final class Api {

    private Api() {
    }

    public static DevStack stack() {
        return DevStackTestResource.stack();
    }

    /** A user nobody else uses, so that tests never see each other's jobs. */
    public static String newUser(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String token(String user) {
        return stack().tokens().mint(user, user + "@example.com");
    }

    public static String token(String user, List<String> groups) {
        return stack().tokens().builder(user).groups(groups).sign();
    }

    public static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(token(user));
    }

    public static Map<String, Object> ordersRequest(Map<String, Object> parameters) {
        return Map.of("dataset", "orders", "parameters", parameters, "format", "csv");
    }

    /** POST /api/exports of the orders dataset; returns the raw response. */
    public static Response createOrders(String user, Map<String, Object> parameters) {
        return as(user).contentType(ContentType.JSON).body(ordersRequest(parameters)).post("/api/exports");
    }

    /** Creates an orders export and returns its id, failing unless the answer is 202. */
    public static UUID createOrdersJob(String user, Map<String, Object> parameters) {
        Response response = createOrders(user, parameters);
        response.then().statusCode(202);
        return UUID.fromString(response.jsonPath().getString("id"));
    }

    /** Waits until the user's job is {@code status}; answers the job then, for further checks. */
    public static ValidatableResponse awaitStatus(String user, UUID id, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(user).get("/api/exports/{id}", id).then()
                .statusCode(200).body("status", equalTo(status)));
        return as(user).get("/api/exports/{id}", id).then();
    }
}
