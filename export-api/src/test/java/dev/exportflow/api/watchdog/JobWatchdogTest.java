package dev.exportflow.api.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.Metrics;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ErrorCodes;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.ExportRequested;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * No worker moves these jobs: their requests are on the topic, but nothing acknowledges or confirms them. The watchdog
 * (swept here with a clock that runs ahead, defaults: re-drive after 2 minutes, 3 re-drives, 6 hours queued at most)
 * publishes their events again and then ends them, so that nothing stays QUEUED or CANCELLING for good.
 */
@QuarkusTest
class JobWatchdogTest {

    private static final Duration STEP = Duration.ofMinutes(3);

    @Inject
    JobWatchdog watchdog;

    @Inject
    DataSource dataSource;

    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void aRequestNoWorkerAcknowledgesIsSentThreeTimesMoreThenFailsNotAccepted() {
        String user = Api.newUser("unheard");
        UUID id = Api.createOrdersJob(user, Map.of());
        Instant start = awaitPublished(id);
        double endedBefore = Metrics.sum("exportflow_watchdog_ended_total", "reason=\"NOT_ACCEPTED\"");

        for (int redrive = 1; redrive <= 3; redrive++) {
            watchdog.sweep(start.plus(STEP.multipliedBy(redrive)));
            int expected = redrive + 1;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka.events(ExportRequested.class, id))
                    .hasSize(expected));
            awaitPublished(id);
            Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED"));
        }
        List<ExportRequested> copies = kafka.events(ExportRequested.class, id);
        assertThat(copies).allSatisfy(copy -> assertThat(copy).isEqualTo(copies.get(0)));

        watchdog.sweep(start.plus(STEP.multipliedBy(4)));
        Api.awaitStatus(user, id, "FAILED").body("error.code", equalTo(ErrorCodes.NOT_ACCEPTED))
                .body("error.retryable", equalTo(true));
        ExportFailed failed = kafka.awaitEvent(ExportFailed.class, id, Duration.ofSeconds(20));
        assertThat(failed.requester().userId()).isEqualTo(user);
        assertThat(failed.datasetTitle()).isEqualTo("Orders");
        assertThat(kafka.awaitEvent(ExportCancelRequested.class, id, Duration.ofSeconds(20)).generation()).isEqualTo(1);
        assertThat(kafka.events(ExportRequested.class, id)).hasSize(4);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Metrics.sum("exportflow_watchdog_ended_total", "reason=\"NOT_ACCEPTED\"") > endedBefore);
    }

    @Test
    void noRequestIsSentAgainOrGivenUpForWantOfAnAcknowledgementTheApiHasNotReadYet() {
        String user = Api.newUser("unread");
        UUID id = Api.createOrdersJob(user, Map.of());
        Instant start = awaitPublished(id);
        Instant late = start.plus(STEP.multipliedBy(5));

        watchdog.sweep(late, Optional.empty());
        watchdog.sweep(late, Optional.of(start.plusSeconds(30)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kafka.events(ExportRequested.class, id)).as("reports read up to 30 s after the request")
                        .hasSize(1));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED"));

        watchdog.sweep(late, Optional.of(start.plus(STEP)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kafka.events(ExportRequested.class, id)).as("read past redrive-after").hasSize(2));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED"));
    }

    @Test
    void anAcknowledgedJobIsLeftAloneUntilItHasWaitedTooLong() {
        String user = Api.newUser("patient");
        UUID id = Api.createOrdersJob(user, Map.of());
        Instant start = awaitPublished(id);
        kafka.publish(new ExportQueued(id, 1, Instant.now()));
        Db db = new Db(dataSource);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                db.one("select queued_at from export_job where id = ?", id).get("queued_at") != null);

        watchdog.sweep(start.plus(STEP));
        watchdog.sweep(start.plus(Duration.ofHours(5)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kafka.events(ExportRequested.class, id)).hasSize(1));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED"));

        watchdog.sweep(start.plus(Duration.ofHours(6)).plusSeconds(1));
        Api.awaitStatus(user, id, "FAILED").body("error.code", equalTo(ErrorCodes.QUEUE_TIMEOUT));
        assertThat(kafka.awaitEvent(ExportFailed.class, id, Duration.ofSeconds(20)).errorCode())
                .isEqualTo(ErrorCodes.QUEUE_TIMEOUT);
        kafka.awaitEvent(ExportCancelRequested.class, id, Duration.ofSeconds(20));
    }

    @Test
    void aRetriedJobWaitsFromItsRetryNotFromItsCreation() {
        String user = Api.newUser("second-chance");
        UUID id = Api.createOrdersJob(user, Map.of());
        kafka.publish(Events.failed(id, 1, user));
        Api.awaitStatus(user, id, "FAILED");
        RestAssured.given().auth().oauth2(Api.token(Api.newUser("op"), List.of("operator")))
                .post("/api/admin/exports/{id}/retry", id).then().statusCode(202);
        Instant start = awaitPublished(id);
        Db db = new Db(dataSource);
        db.update("update export_job set created_at = created_at - interval '7 hours' where id = ?", id);
        kafka.publish(new ExportQueued(id, 2, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                db.one("select queued_at from export_job where id = ?", id).get("queued_at") != null);

        watchdog.sweep(start.plus(Duration.ofHours(5)));
        Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED")).body("generation", equalTo(2));

        watchdog.sweep(start.plus(Duration.ofHours(6)).plusSeconds(1));
        Api.awaitStatus(user, id, "FAILED").body("error.code", equalTo(ErrorCodes.QUEUE_TIMEOUT))
                .body("generation", equalTo(2));
    }

    @Test
    void aCancellationNoWorkerConfirmsIsSentAgainThenEndsCancelledWithoutAnEmail() {
        String user = Api.newUser("quitter");
        UUID id = Api.createOrdersJob(user, Map.of());
        Api.as(user).post("/api/exports/{id}/cancel", id).then().statusCode(202);
        Instant start = awaitPublished(id);

        for (int redrive = 1; redrive <= 3; redrive++) {
            watchdog.sweep(start.plus(STEP.multipliedBy(redrive)));
            int expected = redrive + 1;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(kafka.events(ExportCancelRequested.class, id)).hasSize(expected));
            awaitPublished(id);
            Api.as(user).get("/api/exports/{id}", id).then().body("status", equalTo("CANCELLING"));
        }
        watchdog.sweep(start.plus(STEP.multipliedBy(4)));
        Api.awaitStatus(user, id, "CANCELLED");
        assertThat(kafka.events(ExportRequested.class, id)).as("a cancellation is never re-driven as a request").hasSize(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kafka.events(ExportFailed.class, id)).isEmpty());
    }

    @Test
    void jobsTheWatchdogEndsNoLongerCountTowardTheUsersLimit() {
        String user = Api.newUser("locked-out");
        Instant start = Instant.now();
        for (int i = 0; i < 3; i++) {
            awaitPublished(Api.createOrdersJob(user, Map.of("min_total", i)));
        }
        Api.createOrders(user, Map.of("min_total", 99)).then().statusCode(429);

        watchdog.sweep(start.plus(Duration.ofHours(6)).plusSeconds(30));
        Api.createOrders(user, Map.of("min_total", 99)).then().statusCode(202);
    }

    @Test
    void twoReplicasSweepingAtOnceReDriveAJobOnce() throws Exception {
        String user = Api.newUser("twice");
        UUID id = Api.createOrdersJob(user, Map.of());
        Instant due = awaitPublished(id).plus(STEP);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> sweeps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sweeps.add(replicas.submit(() -> watchdog.sweep(due)));
            }
            for (Future<Integer> sweep : sweeps) {
                sweep.get();
            }
        } finally {
            replicas.shutdownNow();
        }
        assertThat(new Db(dataSource).one("select redrives from export_job where id = ?", id).get("redrives")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka.events(ExportRequested.class, id))
                .hasSize(2));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kafka.events(ExportRequested.class, id)).hasSize(2));
    }

    /** Waits until no event of the job waits in the outbox; answers the time then. */
    private Instant awaitPublished(UUID id) {
        Db db = new Db(dataSource);
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
                "select count(*) from outbox_event where aggregate_id = ? and sent_at is null", id) == 0);
        return Instant.now();
    }
}
