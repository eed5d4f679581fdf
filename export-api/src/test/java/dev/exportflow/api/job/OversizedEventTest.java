package dev.exportflow.api.job;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Untouched;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.Test;

/**
 * A request whose ExportRequested would exceed {@code exportflow.limits.max-event-size} is refused when it is made
 * (a 400 naming the field to shorten), instead of being accepted and then refused by the broker. The profile lowers
 * the limit to 4 KB and adds a dataset with a long free-text parameter, so that a body within 64 KB can pass it.
 */
@QuarkusTest
@TestProfile(OversizedEventTest.SmallEvents.class)
class OversizedEventTest {

    @Test
    void anEventOverTheLimitIsRefusedNamingItsLargestField() {
        String user = Api.newUser("big");
        Api.as(user).contentType(ContentType.JSON)
                .body(Map.of("dataset", "notes", "parameters", Map.of("search", "s".repeat(5000), "tag", "t")))
                .post("/api/exports").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("parameters.search"))
                .body("errors[0].message", containsString("at most 4096 bytes"));
        Untouched.assertNothingStoredOrPublishedFor(user);

        Api.as(user).contentType(ContentType.JSON)
                .body(Map.of("dataset", "notes", "parameters", Map.of("search", "s".repeat(3000))))
                .post("/api/exports").then().statusCode(202);
    }

    /** A 4 KB event limit and a dataset that takes up to 10,000 characters of text. */
    public static class SmallEvents implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "exportflow.limits.max-event-size", "4096",
                    "exportflow.datasets.notes.title", "Notes",
                    "exportflow.datasets.notes.sql", "select o.id from shop.orders o where o.tenant_id = :tenant_id "
                            + "and o.note like cast(:search as text) and (cast(:tag as text) is null or o.status = :tag)",
                    "exportflow.datasets.notes.parameters.tenant_id.type", "string",
                    "exportflow.datasets.notes.parameters.tenant_id.source", "tenant-id",
                    "exportflow.datasets.notes.parameters.search.type", "string",
                    "exportflow.datasets.notes.parameters.search.max-length", "10000",
                    "exportflow.datasets.notes.parameters.tag.type", "string");
        }
    }
}
