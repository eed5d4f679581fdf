package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportResendRequested;

import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

@QuarkusTest
class ResendTest {

    @Test
    void aFinishedExportsEmailIsRequestedAgainOnceAMinute() {
        String user = Api.newUser("xena");
        UUID id = Api.createOrdersJob(user, Map.of());
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            Api.as(user).post("/api/exports/{id}/resend", id).then().statusCode(409).contentType("application/problem+json");

            kafka.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 7, 70));
            Api.awaitStatus(user, id, "SUCCEEDED");

            Api.as(Api.newUser("yuri")).post("/api/exports/{id}/resend", id).then().statusCode(404);
            Api.as(user).post("/api/exports/{id}/resend", id).then().statusCode(202).body("id", equalTo(id.toString()));
            Api.as(user).post("/api/exports/{id}/resend", id).then().statusCode(429).header("Retry-After", notNullValue());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(kafka.events(ExportResendRequested.class, id)).hasSize(1));
            ExportResendRequested event = kafka.events(ExportResendRequested.class, id).get(0);
            assertThat(event.generation()).isEqualTo(1);
            assertThat(event.requestId()).isNotNull();
            assertThat(event.requester().email()).isEqualTo(user + "@example.com");
            assertThat(event.fileName()).isEqualTo("orders-2026-01-31.csv");
            assertThat(event.rows()).isEqualTo(7);
        }
    }
}
