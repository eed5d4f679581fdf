package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.Topics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyAndLimitsTest {

    private final Db db = Db.jobs(Api.stack());
    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void theSameKeyAndBodyGiveTheSameJobAndAnotherBodyIsRefused() {
        String user = Api.newUser("nina");
        String key = UUID.randomUUID().toString();
        Response first = post(user, key, Map.of("status", "PAID"));
        first.then().statusCode(202);
        String id = first.jsonPath().getString("id");

        post(user, key, Map.of("status", "PAID")).then().statusCode(202)
                .header("Location", endsWith("/api/exports/" + id))
                .header(ExportJobResource.REPLAYED, "true")
                .body("id", equalTo(id));
        post(user, key, Map.of("status", "SHIPPED")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://exportflow.dev/problems/idempotency-key-reused"));

        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kafka.records(Topics.EXPORT_REQUESTED, UUID.fromString(id))).hasSize(1));
        assertThat(db.count("select count(*) from outbox_event where aggregate_id = ?", UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneKeyMakeOneJob() throws Exception {
        String user = Api.newUser("otto");
        String key = UUID.randomUUID().toString();
        String token = Api.token(user);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> io.restassured.RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON)
                        .header(ExportJobResource.IDEMPOTENCY_KEY, key).body(Api.ordersRequest(Map.of()))
                        .post("/api/exports"));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> answer : pool.invokeAll(calls)) {
                assertThat(answer.get().statusCode()).isEqualTo(202);
                ids.add(answer.get().jsonPath().getString("id"));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isEqualTo(1);
    }

    /**
     * The owner's lock keeps the checks of their concurrent requests from racing only while it is held until their job
     * is committed. A POST has no transaction of its own: its lock and statement must still be one transaction. A test
     * trigger makes the insert of the job wait at a gate (a lock the test holds), and the owner's lock is tried meanwhile.
     */
    @Test
    void theOwnersLockIsHeldUntilTheirJobIsCommitted() throws Exception {
        String user = Api.newUser("held");
        db.update("""
                create or replace function export_job_held() returns trigger language plpgsql as $$
                begin
                    if new.owner_id like 'held-%' then
                        perform pg_advisory_xact_lock(hashtext('export_job_held'));
                    end if;
                    return new;
                end $$""");
        // left behind only if a test JVM was killed in the seconds it exists
        db.update("drop trigger if exists export_job_held on export_job");
        db.update("create trigger export_job_held before insert on export_job for each row execute function export_job_held()");
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection gate = db.open(); Statement statement = gate.createStatement()) {
            statement.execute("select pg_advisory_lock(hashtext('export_job_held'))");
            Future<Response> post = client.submit(() -> Api.createOrders(user, Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    db.count("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory'"
                            + " and query like '%insert into export_job%'") == 1);
            assertThat(ownersLockIsFree(user)).as("lock taken while the job is being inserted").isFalse();

            statement.execute("select pg_advisory_unlock(hashtext('export_job_held'))");
            assertThat(post.get().statusCode()).isEqualTo(202);
            assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).as("committed").isEqualTo(1);
            assertThat(ownersLockIsFree(user)).as("lock released with the commit").isTrue();
        } finally {
            client.shutdownNow();
            db.update("drop trigger export_job_held on export_job");
            db.update("drop function export_job_held()");
        }
    }

    /**
     * A job and its ExportRequested are stored together or not at all, though the POST has no transaction of its own: a
     * test constraint refuses the event of one user's job, and their job must not be stored without it.
     */
    @Test
    void aJobWhoseEventCannotBeStoredIsNotStoredEither() {
        String user = Api.newUser("eventless");
        db.update("alter table outbox_event drop constraint if exists test_outbox_refuses");
        db.update("alter table outbox_event add constraint test_outbox_refuses"
                + " check (payload not like '%eventless-%') not valid");
        try {
            Response refused = Api.createOrders(user, Map.of());
            assertThat(refused.statusCode()).as("a store refusal is unexpected: " + refused.body().asString()).isEqualTo(500);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        } finally {
            db.update("alter table outbox_event drop constraint test_outbox_refuses");
        }
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isZero();
        assertThat(db.count("select count(*) from outbox_event where payload like ?", "%" + user + "%")).isZero();
        Api.createOrders(user, Map.of()).then().statusCode(202);
    }

    @Test
    void anIdenticalRequestWhileTheFirstIsActiveReturnsTheFirstAndAFinishedOneDoesNot() {
        String user = Api.newUser("pia");
        UUID first = Api.createOrdersJob(user, Map.of("status", "NEW"));
        Api.createOrders(user, Map.of("status", "NEW")).then().statusCode(202)
                .header("Location", endsWith("/api/exports/" + first)).body("id", equalTo(first.toString()));
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isEqualTo(1);

        kafka.publish(Events.failed(first, 1, user));
        Api.awaitStatus(user, first, "FAILED");
        UUID second = Api.createOrdersJob(user, Map.of("status", "NEW"));
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void anIdenticalRequestGetsANewJobWhileTheFirstIsBeingCancelledOrInAnotherTenant() {
        String user = Api.newUser("pavel");
        UUID first = Api.createOrdersJob(user, Map.of("status", "PAID"));
        Api.as(user).post("/api/exports/{id}/cancel", first).then().statusCode(202).body("status", equalTo("CANCELLING"));
        UUID second = Api.createOrdersJob(user, Map.of("status", "PAID"));
        assertThat(second).as("the first is being cancelled").isNotEqualTo(first);

        UUID third = UUID.fromString(io.restassured.RestAssured.given()
                .auth().oauth2(Api.stack().tokens().builder(user).tenant("globex").sign())
                .contentType(ContentType.JSON).body(Api.ordersRequest(Map.of("status", "PAID"))).post("/api/exports")
                .then().statusCode(202).extract().jsonPath().getString("id"));
        assertThat(third).as("the second is another tenant's").isNotEqualTo(second);
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isEqualTo(3);
    }

    @Test
    void aFourthActiveExportIsTooManyAndNamesTheActiveOnes() {
        String user = Api.newUser("quinn");
        UUID a = Api.createOrdersJob(user, Map.of("status", "NEW"));
        UUID b = Api.createOrdersJob(user, Map.of("status", "PAID"));
        UUID c = Api.createOrdersJob(user, Map.of("status", "SHIPPED"));

        Api.createOrders(user, Map.of("status", "CANCELLED")).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("activeJobs", containsInAnyOrder(a.toString(), b.toString(), c.toString()))
                .body("limit", equalTo(3));
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isEqualTo(3);

        Api.createOrders(Api.newUser("rita"), Map.of("status", "CANCELLED")).then().statusCode(202);
    }

    @Test
    void aTooLargeBodyOrAnUnknownFieldIsRefused() {
        String user = Api.newUser("sam");
        Api.as(user).contentType(ContentType.JSON)
                .body(Map.of("dataset", "orders", "parameters", Map.of("status", "x".repeat(70_000))))
                .post("/api/exports").then().statusCode(413).contentType("application/problem+json");
        Api.as(user).contentType(ContentType.JSON).body(Map.of("dataset", "orders", "priority", "high"))
                .post("/api/exports").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("priority"));
        Api.as(user).contentType(ContentType.TEXT).body("dataset=orders").post("/api/exports").then().statusCode(415)
                .contentType("application/problem+json");
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isZero();
    }

    /** Tried in a statement of its own, so that the lock is released again at once when it was free. */
    private boolean ownersLockIsFree(String user) {
        return (Boolean) db.one("select pg_try_advisory_xact_lock(hashtext(?)) as free", user).get("free");
    }

    private static Response post(String user, String key, Map<String, Object> parameters) {
        return Api.as(user).contentType(ContentType.JSON).header(ExportJobResource.IDEMPOTENCY_KEY, key)
                .body(Api.ordersRequest(parameters)).post("/api/exports");
    }
}
