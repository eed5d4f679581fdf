package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.Worker;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.link.DownloadLinkTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Permissions hold at every use, not only when an export is made: download, resend, the event stream and the emailed
 * link re-check the role the dataset needs and the tenant. An owner who lost the right gets a clear 403 for their own
 * export; anyone else's export stays a 404.
 */
@QuarkusTest
class PermissionRecheckTest {

    private static final List<String> ADMIN = List.of("exporter", "admin");
    private static final List<String> NO_ADMIN = List.of("exporter");
    private static final int CONCURRENT_CALLS = 6;

    private final Db db = Db.jobs(Api.stack());
    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void anOwnerWhoLostTheDatasetsRoleMayNoLongerUseTheExport() {
        String owner = Api.newUser("role");
        UUID id = finishedCustomersJob(owner);

        revoked(as(owner, NO_ADMIN, "acme").redirects().follow(false).get("/api/exports/{id}/download", id));
        revoked(as(owner, NO_ADMIN, "acme").post("/api/exports/{id}/resend", id));
        revoked(as(owner, NO_ADMIN, "acme").accept("text/event-stream").get("/api/exports/{id}/events", id));
        as(owner, NO_ADMIN, "acme").get("/api/exports/{id}", id).then().statusCode(200).body("status", equalTo("SUCCEEDED"));
        assertThat(kafka.events(ExportResendRequested.class, id)).as("a refused resend writes no event").isEmpty();

        as(Api.newUser("colleague"), ADMIN, "acme").redirects().follow(false).get("/api/exports/{id}/download", id).then()
                .statusCode(404);
        as(owner, ADMIN, "acme").redirects().follow(false).get("/api/exports/{id}/download", id).then().statusCode(302);
    }

    @Test
    void anOwnerWhoMovedToAnotherTenantMayNoLongerUseTheExport() {
        String owner = Api.newUser("mover");
        UUID id = Worker.finishedOrdersJob(owner, Map.of(), "a\n1\n", 1);

        revoked(as(owner, NO_ADMIN, "globex").redirects().follow(false).get("/api/exports/{id}/download", id))
                .body("detail", containsString("another tenant"));
        revoked(as(owner, NO_ADMIN, "globex").post("/api/exports/{id}/resend", id));
        revoked(as(owner, NO_ADMIN, "globex").accept("text/event-stream").get("/api/exports/{id}/events", id));
        as(owner, NO_ADMIN, "globex").get("/api/exports/{id}", id).then().statusCode(200);

        as(Api.newUser("globex-user"), NO_ADMIN, "globex").redirects().follow(false).get("/api/exports/{id}/download", id)
                .then().statusCode(404);
        as(owner, NO_ADMIN, "acme").redirects().follow(false).get("/api/exports/{id}/download", id).then().statusCode(302);
    }

    @Test
    void theEmailedLinkFollowsTheRolesAndTenantOfTheOwnersLatestCall() {
        String owner = Api.newUser("linked");
        UUID id = finishedCustomersJob(owner);
        String link = link(id);
        linkAnswers(link, 302);

        as(owner, NO_ADMIN, "acme").get("/api/exports").then().statusCode(200);
        assertThat(db.one("select tenant, roles::text as roles from known_access where user_id = ?", owner))
                .containsEntry("tenant", "acme").containsEntry("roles", "[\"exporter\"]");
        linkAnswers(link, 403).contentType("application/problem+json")
                .body("type", equalTo("https://exportflow.dev/problems/access-revoked"));
        RestAssured.given().redirects().follow(false).header("Accept", "text/html").get("/d/{token}", link).then()
                .statusCode(403).contentType(containsString("text/html")).body(containsString("no longer allowed"));

        as(owner, ADMIN, "acme").get("/api/exports").then().statusCode(200);
        linkAnswers(link, 302);

        as(owner, ADMIN, "globex").get("/api/datasets").then().statusCode(200);
        linkAnswers(link, 403);
        as(owner, ADMIN, "acme").get("/api/exports").then().statusCode(200);
        linkAnswers(link, 302);
    }

    @Test
    void aCallThatShowsWhatWasRecordedWithinTheLastMinuteWritesNothingAndAChangeIsWrittenAtOnce() {
        String user = Api.newUser("recorded");
        as(user, NO_ADMIN, "acme").get("/api/exports").then().statusCode(200);
        db.update("delete from known_access where user_id = ?", user);

        as(user, NO_ADMIN, "acme").get("/api/exports").then().statusCode(200);
        assertThat(db.one("select count(*) as rows from known_access where user_id = ?", user)).containsEntry("rows", 0L);

        as(user, ADMIN, "acme").get("/api/exports").then().statusCode(200);
        assertThat(db.one("select tenant, roles::text as roles from known_access where user_id = ?", user))
                .containsEntry("tenant", "acme").containsEntry("roles", "[\"admin\", \"exporter\"]");
    }

    /**
     * A client's first requests often arrive together. A test trigger makes each attempt to write the record slow and
     * counts it, so that without the coalescing every one of the requests would write.
     */
    @Test
    void concurrentFirstCallsOfAUserWriteTheRecordOnce() throws Exception {
        String user = Api.newUser("together");
        db.update("create table if not exists known_access_attempt (user_id text not null)");
        db.update("""
                create or replace function known_access_attempted() returns trigger language plpgsql as $$
                begin
                    if new.user_id like 'together%' then
                        insert into known_access_attempt values (new.user_id);
                        perform pg_sleep(0.3);
                    end if;
                    return new;
                end $$""");
        // left behind only if a test JVM was killed in the seconds it exists
        db.update("drop trigger if exists known_access_attempted on known_access");
        db.update("create trigger known_access_attempted before insert on known_access"
                + " for each row execute function known_access_attempted()");
        String token = Api.stack().tokens().builder(user).groups(NO_ADMIN).tenant("acme").sign();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CALLS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_CALLS; i++) {
                calls.add(clients.submit(() -> {
                    start.await();
                    return RestAssured.given().auth().oauth2(token).get("/api/exports").statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
            assertThat(db.count("select count(*) from known_access_attempt where user_id = ?", user)).isEqualTo(1);
            assertThat(db.one("select tenant, roles::text as roles from known_access where user_id = ?", user))
                    .containsEntry("tenant", "acme").containsEntry("roles", "[\"exporter\"]");
        } finally {
            clients.shutdownNow();
            db.update("drop trigger known_access_attempted on known_access");
            db.update("drop function known_access_attempted()");
            db.update("drop table known_access_attempt");
        }
    }

    @Test
    void aRefusedRequestStillRecordsWhatItsTokenShowed() {
        String user = Api.newUser("refused");
        as(user, NO_ADMIN, "globex").contentType(ContentType.JSON).body(Map.of("dataset", "customers"))
                .post("/api/exports").then().statusCode(403);

        assertThat(db.one("select tenant, roles::text as roles from known_access where user_id = ?", user))
                .as("committed by itself, not rolled back with the refused request")
                .containsEntry("tenant", "globex").containsEntry("roles", "[\"exporter\"]");
    }

    @Test
    void anOwnerNotSeenSinceTheRecordBeganKeepsTheJobsTenantAndNoRole() {
        String owner = Api.newUser("unseen");
        UUID customers = finishedCustomersJob(owner);
        UUID orders = Worker.finishedOrdersJob(owner, Map.of(), "a\n1\n", 1);
        db.update("delete from known_access where user_id = ?", owner);

        linkAnswers(link(orders), 302);
        linkAnswers(link(customers), 403);
    }

    private UUID finishedCustomersJob(String owner) {
        UUID id = UUID.fromString(as(owner, ADMIN, "acme").contentType(ContentType.JSON)
                .body(Map.of("dataset", "customers")).post("/api/exports")
                .then().statusCode(202).extract().jsonPath().getString("id"));
        String key = "exports/" + id + "/1/customers-2026-01-31.csv";
        new TestBucket(Api.stack()).put(key, "customer_id\n1\n");
        kafka.publish(Events.completed(id, 1, owner, "customers", key, 1, 14));
        Api.awaitStatus(owner, id, "SUCCEEDED");
        // awaitStatus called as a plain exporter: the owner's latest call is the admin one again
        as(owner, ADMIN, "acme").get("/api/exports/{id}", id).then().statusCode(200);
        return id;
    }

    private static RequestSpecification as(String user, List<String> roles, String tenant) {
        return RestAssured.given().auth().oauth2(Api.stack().tokens().builder(user).groups(roles).tenant(tenant).sign());
    }

    private static ValidatableResponse revoked(io.restassured.response.Response response) {
        return response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://exportflow.dev/problems/access-revoked"))
                .body("status", equalTo(403));
    }

    private static String link(UUID id) {
        return new DownloadLinkTokens(Api.stack().endpoints().linkSigningKey(), null, Clock.systemUTC())
                .sign(id, 1, Instant.now().plusSeconds(3600));
    }

    private static ValidatableResponse linkAnswers(String link, int status) {
        return RestAssured.given().redirects().follow(false).accept("application/json").get("/d/{token}", link).then()
                .statusCode(status);
    }
}
