package dev.exportflow.api.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.EventStream;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.testing.TestKafka;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Event streams are bounded: at most {@code exportflow.limits.streams-per-user} (5) open at once per user, the next one
 * is a 429 problem, a closed or ended stream frees its place, and a stream lasts no longer than the token that opened
 * it.
 */
@QuarkusTest
class StreamLimitsTest {

    private static final int PER_USER = 5;

    @TestHTTPResource("/")
    URI base;

    @Inject
    StreamSlots slots;

    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aUserFollowsAtMostFiveStreamsAtOnceAndAClosedOneFreesItsPlace() {
        String user = Api.newUser("follower");
        UUID id = Api.createOrdersJob(user, Map.of());
        List<EventStream> streams = new ArrayList<>();
        for (int i = 0; i < PER_USER; i++) {
            streams.add(open(Api.token(user), id));
        }
        streams.forEach(EventStream::awaitFirstEvent);
        assertThat(slots.open(user)).isEqualTo(PER_USER);

        HttpResponse<String> refused = request(Api.token(user), id);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JsonPath.from(refused.body()).getInt("limit")).isEqualTo(PER_USER);

        String other = Api.newUser("other-follower");
        EventStream ofAnotherUser = open(Api.token(other), Api.createOrdersJob(other, Map.of()));
        ofAnotherUser.awaitFirstEvent();
        ofAnotherUser.close();

        streams.get(0).close();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open(user) == PER_USER - 1);
        EventStream again = open(Api.token(user), id);
        again.awaitFirstEvent();
        streams.set(0, again);

        kafka.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 1, 10));
        streams.forEach(EventStream::awaitEnd);
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open(user) == 0 && slots.open(other) == 0);
    }

    @Test
    void aStreamEndsWhenTheTokenThatOpenedItExpires() {
        String user = Api.newUser("expiring");
        UUID id = Api.createOrdersJob(user, Map.of());
        EventStream shortLived = open(Api.stack().tokens().builder(user).expiresAt(Instant.now().plusSeconds(4)).sign(), id);
        EventStream longLived = open(Api.token(user), id);
        shortLived.awaitFirstEvent();
        longLived.awaitFirstEvent();

        shortLived.awaitEnd();
        assertThat(longLived.ended()).as("the job goes on, and so does the stream of a valid token").isFalse();
        Api.as(user).get("/api/exports/{id}", id).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("QUEUED"));
        longLived.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open(user) == 0);
    }

    private HttpResponse<String> request(String token, UUID id) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/api/exports/" + id + "/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private EventStream open(String token, UUID id) {
        return EventStream.open(base, token, id);
    }
}
