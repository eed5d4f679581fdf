package dev.exportflow.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.Requester;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls as an operator, and jobs of users of any tenant for the operator tests. */
final class Operator {

    private Operator() {
    }

    /** A new operator: a bearer token with the role {@code operator}, and their {@code sub}. */
    record Session(String sub, String token) {

        RequestSpecification call() {
            return RestAssured.given().auth().oauth2(token);
        }
    }

    static Session newOperator() {
        String sub = Api.newUser("op");
        return new Session(sub, Api.token(sub, List.of("operator")));
    }

    static String token(String user, String tenant) {
        return Api.stack().tokens().builder(user).tenant(tenant).sign();
    }

    /** Starts an orders export of {@code user} in {@code tenant}; {@code minTotal} tells identical requests apart. */
    static UUID createJob(String user, String tenant, int minTotal) {
        Response response = RestAssured.given().auth().oauth2(token(user, tenant)).contentType(ContentType.JSON)
                .body(Api.ordersRequest(Map.of("min_total", minTotal))).post("/api/exports");
        response.then().statusCode(202);
        return UUID.fromString(response.jsonPath().getString("id"));
    }

    /** Reports generation {@code generation} of the job failed with {@code code}, as the worker would. */
    static void fail(TestKafka kafka, UUID job, int generation, String user, String tenant, String code) {
        kafka.publish(new ExportFailed(job, generation, Instant.now(),
                new Requester(user, user + "@example.com", null, tenant, null), "orders", "Orders", code,
                "The export failed on purpose.", 3, true));
    }
}
