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
import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.testing.TestKafka;

import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost when the job store refuses an event: a notification outcome that cannot be written stops the
 * channel (readiness goes down) instead of being skipped, and the restarted api reads it again and shows it.
 */
class NotificationOutageIT {

    /**
     * A group of its own: it starts without the members that earlier process tests left behind (a killed member holds
     * its partitions until its session times out), and what it committed is this test's alone.
     */
    private static final Map<String, String> OWN_GROUP = Map.of("mp.messaging.connector.smallrye-kafka.group.id",
            "export-api-notification-outage-" + UUID.randomUUID());

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
    void aNotificationTheStoreRefusesIsAppliedAfterTheRestart() {
        api = ApiProcess.start(stack, "notification-outage", OWN_GROUP);
        String user = Api.newUser("outage");
        UUID id = api.createOrdersJob(user);
        jobs.update("create function refuse_notification() returns trigger language plpgsql as $$"
                + " begin raise exception 'the job store refuses notifications'; end $$");
        jobs.update("create trigger refuse_notification before update on export_job for each row"
                + " when (new.id = '" + id + "' and new.notification_outcome is not null)"
                + " execute function refuse_notification()");

        try (TestKafka notifier = new TestKafka(stack)) {
            notifier.publish(Events.notified(id, 1, user));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == 503);
        job(user, id).body("notification", nullValue());

        jobs.update("drop trigger refuse_notification on export_job");
        api.close();
        api = ApiProcess.start(stack, "notification-outage-restarted", OWN_GROUP);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> job(user, id)
                .body("notification.channel", equalTo("email"))
                .body("notification.outcome", equalTo("SENT")));
        assertThat(readiness()).isEqualTo(200);
    }

    private int readiness() {
        return RestAssured.get(api.baseUrl() + "/q/health/ready").statusCode();
    }

    private ValidatableResponse job(String user, UUID id) {
        return RestAssured.given().auth().oauth2(Api.token(user)).get(api.baseUrl() + "/api/exports/" + id).then()
                .statusCode(200);
    }
}
