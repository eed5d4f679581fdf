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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import jakarta.inject.Inject;

import dev.exportflow.api.support.Api;
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
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < PER_USER; i++) {
            streams.add(open(Api.token(user), id));
        }
        streams.forEach(Stream::awaitFirstEvent);
        assertThat(slots.open(user)).isEqualTo(PER_USER);

        HttpResponse<String> refused = request(Api.token(user), id);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JsonPath.from(refused.body()).getInt("limit")).isEqualTo(PER_USER);

        String other = Api.newUser("other-follower");
        Stream ofAnotherUser = open(Api.token(other), Api.createOrdersJob(other, Map.of()));
        ofAnotherUser.awaitFirstEvent();
        ofAnotherUser.close();

        streams.get(0).close();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open(user) == PER_USER - 1);
        Stream again = open(Api.token(user), id);
        again.awaitFirstEvent();
        streams.set(0, again);

        kafka.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 1, 10));
        streams.forEach(Stream::awaitEnd);
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open(user) == 0 && slots.open(other) == 0);
    }

    @Test
    void aStreamEndsWhenTheTokenThatOpenedItExpires() {
        String user = Api.newUser("expiring");
        UUID id = Api.createOrdersJob(user, Map.of());
        Stream shortLived = open(Api.stack().tokens().builder(user).expiresAt(Instant.now().plusSeconds(4)).sign(), id);
        Stream longLived = open(Api.token(user), id);
        shortLived.awaitFirstEvent();
        longLived.awaitFirstEvent();

        shortLived.awaitEnd();
        assertThat(longLived.ended()).as("the job goes on, and so does the stream of a valid token").isFalse();
        Api.as(user).get("/api/exports/{id}", id).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("QUEUED"));
        longLived.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> slots.open(user) == 0);
    }

    private HttpRequest.Builder events(String token, UUID id) {
        return HttpRequest.newBuilder(base.resolve("/api/exports/" + id + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> request(String token, UUID id) {
        try {
            return http.send(events(token, id).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Stream open(String token, UUID id) {
        Stream stream = new Stream();
        http.sendAsync(events(token, id).build(), response -> {
            stream.status = response.statusCode();
            return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
        });
        return stream;
    }

    /** One open event stream: the data lines it received, and a way to hang up. */
    private static final class Stream implements Flow.Subscriber<String> {

        private final List<String> data = new CopyOnWriteArrayList<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean ended;
        private volatile int status;

        void awaitFirstEvent() {
            await().atMost(Duration.ofSeconds(20)).until(() -> !data.isEmpty());
            assertThat(status).isEqualTo(200);
        }

        void awaitEnd() {
            await().atMost(Duration.ofSeconds(30)).until(() -> ended);
        }

        boolean ended() {
            return ended;
        }

        void close() {
            subscription.cancel();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
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
            ended = true;
        }

        @Override
        public void onComplete() {
            ended = true;
        }
    }
}
