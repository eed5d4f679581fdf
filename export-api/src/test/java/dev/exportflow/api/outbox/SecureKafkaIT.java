package dev.exportflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.ApiProcess;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.ServiceConfig;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.Topics;

import io.restassured.RestAssured;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's producer reads every {@code kafka.*} setting of the service, as the channels do: an api given only the
 * broker's TLS + SASL listener (the way production reaches a Strimzi cluster) publishes its requests there, and its
 * consumers read reports there, and so does the operators' dead-letter reader. With the bootstrap servers alone the
 * producer could not even connect.
 */
class SecureKafkaIT {

    private final DevStack stack = Api.stack();
    private ApiProcess api;

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void theRelayAndTheConsumersUseTheSecuredListener() {
        Map<String, String> config = new LinkedHashMap<>(ServiceConfig.secureKafka(stack.endpoints()));
        config.put("mp.messaging.connector.smallrye-kafka.group.id", "export-api-secure-" + UUID.randomUUID());
        assertThat(config.get("kafka.security.protocol")).isEqualTo("SASL_SSL");
        api = ApiProcess.start(stack, "secure-kafka", config);
        String user = Api.newUser("sasl");
        UUID id = api.createOrdersJob(user);

        String deadLetter = "dead-" + UUID.randomUUID();
        try (TestKafka kafka = new TestKafka(stack)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.records(Topics.EXPORT_REQUESTED, id).size() == 1);
            kafka.publish(Events.progress(id, 1, 5, 50, null));
            kafka.publishRaw(Topics.EXPORT_REQUESTED_DLQ, deadLetter, "{}".getBytes(StandardCharsets.UTF_8));
        }
        // The operators' dead-letter reader is a Kafka client of its own: it too reads over TLS + SASL.
        RestAssured.given().auth().oauth2(Api.token(Api.newUser("op"), List.of("operator")))
                .get(api.baseUrl() + "/api/admin/dead-letters?topic=" + Topics.EXPORT_REQUESTED_DLQ + "&limit=1").then()
                .statusCode(200).body("[0].key", equalTo(deadLetter));
        // The relay marks the row sent after the broker's acknowledgement, in a commit of its own: the record can be
        // read a moment before that commit.
        await().atMost(Duration.ofSeconds(10)).until(() -> Db.jobs(stack)
                .count("select count(*) from outbox_event where aggregate_id = ? and sent_at is null", id) == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().auth().oauth2(Api.token(user))
                .get(api.baseUrl() + "/api/exports/" + id).then().statusCode(200).body("status", equalTo("RUNNING")));
    }
}
