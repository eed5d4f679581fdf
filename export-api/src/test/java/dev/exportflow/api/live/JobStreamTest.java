package dev.exportflow.api.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.EventStream;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.testing.TestKafka;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;

/** Server-sent events follow a job until it ends. */
@QuarkusTest
class JobStreamTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void streamsStatusAndProgressUntilTheJobEnds() {
        String user = Api.newUser("zoe");
        UUID id = Api.createOrdersJob(user, Map.of());
        EventStream stream = EventStream.open(base, Api.token(user), id).awaitFirstEvent();

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.statuses().contains("QUEUED"));
        try (TestKafka worker = new TestKafka(Api.stack())) {
            worker.publish(Events.progress(id, 1, 40, 400, 100L));
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.statuses().contains("RUNNING"));
            worker.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 100, 1000));
        }
        stream.awaitEnd();
        assertThat(stream.statuses()).startsWith("QUEUED").endsWith("SUCCEEDED").contains("RUNNING");
        JsonPath running = stream.jobs().stream().filter(json -> "RUNNING".equals(json.getString("status")))
                .findFirst().orElseThrow();
        assertThat(running.getFloat("progress.percent")).isEqualTo(40.0f);
    }

    @Test
    void anotherUsersJobHasNoStream() {
        UUID id = Api.createOrdersJob(Api.newUser("abe"), Map.of());
        Api.as(Api.newUser("bea")).accept("text/event-stream").get("/api/exports/{id}/events", id).then().statusCode(404);
        io.restassured.RestAssured.given().accept("text/event-stream").get("/api/exports/{id}/events", id).then()
                .statusCode(401);
    }
}
