package dev.exportflow.api.job.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.ApiProcess;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.Metrics;
import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.testing.TestKafka;

import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job store that refuses one write (here: a trigger) is an outage the consumer waits out: the notification is kept
 * and tried again with backoff for longer than the connector's one-minute limit for an unacknowledged record,
 * readiness stays 200 (the store answers everything else), the other channels go on, the process is not restarted,
 * and once the write is allowed the same process applies the notification.
 */
class NotificationOutageIT {

    /**
     * A group of its own: it starts without the members that earlier process tests left behind (a killed member holds
     * its partitions until its session times out), and what it committed is this test's alone.
     */
    static final Map<String, String> OWN_GROUP = Map.of("mp.messaging.connector.smallrye-kafka.group.id",
            "export-api-outage-" + UUID.randomUUID());

    private final DevStack stack = Api.stack();
    private final Db jobs = Db.jobs(stack);
    private ApiProcess api;

    @AfterEach
    void close() {
        jobs.update("drop trigger if exists refuse_notification on export_job");
        jobs.update("drop function if exists refuse_notification()");
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aNotificationTheStoreRefusesIsKeptAndAppliedByTheSameProcessOnceTheStoreTakesIt() {
        api = ApiProcess.start(stack, "notification-outage", OWN_GROUP);
        long pid = api.pid();
        String user = Api.newUser("outage");
        UUID id = api.createOrdersJob(user);
        String otherUser = Api.newUser("unaffected");
        UUID other = api.createOrdersJob(otherUser);
        refuseNotificationsOf(id);

        try (TestKafka kafka = new TestKafka(stack)) {
            kafka.publish(Events.notified(id, 1, user));
            await().atMost(Duration.ofSeconds(30)).until(() -> retries() >= 3);
            kafka.publish(Events.progress(other, 1, 10, 100, null));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> job(otherUser, other)
                .body("status", equalTo("RUNNING")).body("progress.rows", equalTo(10)));

        // Longer than throttled.unprocessed-record-max-age's default (60 s), after which the connector would close
        // the consumer for good.
        await().during(Duration.ofSeconds(70)).atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(readiness()).isEqualTo(200);
            job(user, id).body("notification", nullValue());
        });
        double retriesDuringTheOutage = retries();

        jobs.update("drop trigger refuse_notification on export_job");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> job(user, id)
                .body("notification.channel", equalTo("email"))
                .body("notification.outcome", equalTo("SENT")));
        assertThat(retriesDuringTheOutage).isGreaterThanOrEqualTo(6);
        assertThat(api.isAlive()).isTrue();
        assertThat(api.pid()).isEqualTo(pid);
        assertThat(readiness()).isEqualTo(200);
    }

    /**
     * Stopping the api while a record waits for the store ends the retrying at once (the process stops before the
     * 30 s after which it would be killed), and leaves the record unacknowledged: the next process applies it.
     */
    @Test
    void aRecordWaitingForTheStoreSurvivesAStopOfTheApi() {
        api = ApiProcess.start(stack, "notification-outage-stopped", OWN_GROUP);
        String user = Api.newUser("stopped");
        UUID id = api.createOrdersJob(user);
        refuseNotificationsOf(id);
        try (TestKafka kafka = new TestKafka(stack)) {
            kafka.publish(Events.notified(id, 1, user));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= 6);

        long stopping = System.nanoTime();
        api.close();
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(ApiProcess.STOP_GRACE);

        jobs.update("drop trigger refuse_notification on export_job");
        api = ApiProcess.start(stack, "notification-outage-after-stop", OWN_GROUP);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> job(user, id)
                .body("notification.outcome", equalTo("SENT")));
    }

    private void refuseNotificationsOf(UUID id) {
        jobs.update("create or replace function refuse_notification() returns trigger language plpgsql as $$"
                + " begin raise exception 'the job store refuses notifications'; end $$");
        jobs.update("create trigger refuse_notification before update on export_job for each row"
                + " when (new.id = '" + id + "' and new.notification_outcome is not null)"
                + " execute function refuse_notification()");
    }

    private double retries() {
        return Metrics.sumAt(api.baseUrl(), "exportflow_consumer_retries_total", "channel=\"export-notified\"");
    }

    private int readiness() {
        return RestAssured.get(api.baseUrl() + "/q/health/ready").statusCode();
    }

    private ValidatableResponse job(String user, UUID id) {
        return RestAssured.given().auth().oauth2(Api.token(user)).get(api.baseUrl() + "/api/exports/" + id).then()
                .statusCode(200);
    }
}
