package dev.exportflow.api.job;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;

import java.util.List;
import java.util.Map;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Untouched;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.Test;

/**
 * Every part of {@code POST /api/exports} is bounded before any costly work: each limit is answered with a
 * problem+json 400 naming the field, and nothing is stored or published. (The dataset parameters' own bounds are
 * common-events' and tested there; here they are checked through the api once.)
 */
@QuarkusTest
class BoundedRequestTest {

    /** Only a hang reaches it: a bounded refusal takes milliseconds. */
    private static final long CEILING_MILLIS = 5000;

    @Test
    void aDatasetNameLongerThan64CharactersIsNotLookedUp() {
        String user = Api.newUser("bounds");
        refused(post(user, "{\"dataset\": \"" + "o".repeat(CheckedRequest.MAX_DATASET_NAME + 1) + "\"}"), "dataset")
                .body("errors[0].message", containsString("at most 64"));
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void aLongFormatIsRefusedUnread() {
        String user = Api.newUser("bounds");
        refused(post(user, "{\"dataset\": \"orders\", \"format\": \"" + " ".repeat(60_000) + "csv\"}"), "format");
        refused(post(user, "{\"dataset\": \"orders\", \"format\": \"pdf\"}"), "format");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void aTimeZoneLongerThan64CharactersNeverReachesZoneId() {
        String user = Api.newUser("bounds");
        refused(post(user, options("\"timeZone\": \"Europe/" + "x".repeat(60_000) + "\"")), "options.timeZone")
                .body("errors[0].message", containsString("at most 64"));
        refused(post(user, options("\"timeZone\": \"Mars/Olympus\"")), "options.timeZone");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void theDelimiterIsOneOfThree() {
        String user = Api.newUser("bounds");
        refused(post(user, options("\"delimiter\": \"" + "|".repeat(60_000) + "\"")), "options.delimiter");
        refused(post(user, options("\"delimiter\": \";;\"")), "options.delimiter");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void theNullTextIsShortStorableText() {
        String user = Api.newUser("bounds");
        refused(post(user, options("\"nullText\": \"" + "n".repeat(CheckedRequest.MAX_NULL_TEXT + 1) + "\"")),
                "options.nullText");
        refused(post(user, options("\"nullText\": \"\\u0000\"")), "options.nullText")
                .body("errors[0].message", containsString("U+0000"));
        refused(post(user, options("\"nullText\": \"\\ud800\"")), "options.nullText");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void textParametersThatPostgresqlCannotStoreAreRefused() {
        String admin = Api.newUser("bounds");
        RequestSpecification asAdmin = RestAssured.given().auth().oauth2(Api.token(admin, List.of("exporter", "admin")));
        refused(asAdmin.contentType(ContentType.JSON)
                .body("{\"dataset\": \"customers\", \"parameters\": {\"country\": \"D\\u0000\"}}").post("/api/exports"),
                "parameters.country");
        refused(RestAssured.given().auth().oauth2(Api.token(admin, List.of("exporter", "admin"))).contentType(ContentType.JSON)
                .body("{\"dataset\": \"customers\", \"parameters\": {\"country\": \"\\udc00\"}}").post("/api/exports"),
                "parameters.country");
        Untouched.assertNothingStoredOrPublishedFor(admin);
    }

    @Test
    void hugeNumbersAreRefusedWithoutExpandingThem() {
        String user = Api.newUser("bounds");
        refused(post(user, "{\"dataset\": \"orders\", \"parameters\": {\"min_total\": \"1e1100000\"}}"), "parameters.min_total");
        refused(post(user, "{\"dataset\": \"orders\", \"parameters\": {\"min_total\": 1e999999999}}"), "parameters.min_total");
        refused(post(user, "{\"dataset\": \"orders\", \"parameters\": {\"min_total\": \"" + "9".repeat(60_000) + "\"}}"),
                "parameters.min_total");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void anIdempotencyKeyIsAtMost255VisibleAsciiCharacters() {
        String user = Api.newUser("bounds");
        refused(Api.as(user).contentType(ContentType.JSON).header(ExportJobResource.IDEMPOTENCY_KEY, "k".repeat(256))
                .body(Api.ordersRequest(Map.of())).post("/api/exports"), ExportJobResource.IDEMPOTENCY_KEY)
                .body("errors[0].message", containsString("at most 255"));
        refused(Api.as(user).contentType(ContentType.JSON).header(ExportJobResource.IDEMPOTENCY_KEY, "clé")
                .body(Api.ordersRequest(Map.of())).post("/api/exports"), ExportJobResource.IDEMPOTENCY_KEY)
                .body("errors[0].message", containsString("ASCII"));
        Untouched.assertNothingStoredOrPublishedFor(user);

        Api.as(user).contentType(ContentType.JSON).header(ExportJobResource.IDEMPOTENCY_KEY, "k".repeat(255))
                .body(Api.ordersRequest(Map.of())).post("/api/exports").then().statusCode(202);
    }

    @Test
    void unknownFieldsAreNamedAndLongNamesCutShort() {
        String user = Api.newUser("bounds");
        refused(post(user, "{\"dataset\": \"orders\", \"priority\": \"high\"}"), "priority");
        refused(post(user, options("\"colour\": \"blue\"")), "options.colour");
        String longName = "n".repeat(10_000);
        refused(post(user, "{\"dataset\": \"orders\", \"" + longName + "\": 1}"), "n".repeat(64) + "…");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void deeplyNestedJsonIsRefusedAsUnreadable() {
        String user = Api.newUser("bounds");
        String nested = "[".repeat(30_000) + "]".repeat(30_000);
        // RestAssured pretty-prints a JSON body for its failure log before sending it: 30 s for this one, so not here
        Api.as(user).config(RestAssuredConfig.config().logConfig(LogConfig.logConfig().enablePrettyPrinting(false)))
                .contentType(ContentType.JSON)
                .body("{\"dataset\": \"orders\", \"parameters\": {\"status\": " + nested + "}}").post("/api/exports").then()
                .time(lessThan(CEILING_MILLIS))
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    private static io.restassured.response.Response post(String user, String json) {
        return Api.as(user).contentType(ContentType.JSON).body(json).post("/api/exports");
    }

    private static String options(String members) {
        return "{\"dataset\": \"orders\", \"options\": {" + members + "}}";
    }

    /** A problem+json 400 that names exactly one field, answered in bounded time. */
    private static ValidatableResponse refused(io.restassured.response.Response response, String field) {
        return response.then()
                .time(lessThan(CEILING_MILLIS))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo(field));
    }
}
