package dev.exportflow.api.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.exportflow.api.support.Api;
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
        List<String> data = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/exports/" + id + "/events"))
                .header("Authorization", "Bearer " + Api.token(user))
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(data)));

        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(data).contains("QUEUED"));
        try (TestKafka worker = new TestKafka(Api.stack())) {
            worker.publish(Events.progress(id, 1, 40, 400, 100L));
            await().atMost(Duration.ofSeconds(20)).until(() -> statuses(data).contains("RUNNING"));
            worker.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 100, 1000));
        }
        HttpResponse<Void> response = stream.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        assertThat(statuses(data)).startsWith("QUEUED").endsWith("SUCCEEDED").contains("RUNNING");
        JsonPath running = data.stream().map(JsonPath::from).filter(json -> "RUNNING".equals(json.getString("status")))
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

    private static List<String> statuses(List<String> data) {
        return data.stream().map(json -> JsonPath.from(json).getString("status")).toList();
    }

    /** Keeps the payload of every {@code data:} line. */
    private record LineCollector(List<String> data) implements java.util.concurrent.Flow.Subscriber<String> {

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data:")) {
                data.add(line.substring(5).trim());
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
