package dev.exportflow.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import io.restassured.path.json.JsonPath;

/** One open {@code GET /api/exports/{id}/events}: the payloads of its {@code data:} lines, and a way to hang up. */
public final class EventStream implements Flow.Subscriber<String> {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final List<String> data = new CopyOnWriteArrayList<>();
    private volatile Flow.Subscription subscription;
    private volatile HttpResponse.ResponseInfo response;
    private volatile boolean ended;

    private EventStream() {
    }

    /** Opens the job's stream with {@code token}; the answer arrives in the background. */
    public static EventStream open(URI base, String token, UUID jobId) {
        EventStream stream = new EventStream();
        HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/exports/" + jobId + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build(), info -> {
                    stream.response = info;
                    return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
                });
        return stream;
    }

    /** Waits for the first event, which shows the stream was accepted. */
    public EventStream awaitFirstEvent() {
        await().atMost(Duration.ofSeconds(20)).until(() -> !data.isEmpty());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        return this;
    }

    /** Waits until the server ends the stream. */
    public void awaitEnd() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ended);
    }

    public boolean ended() {
        return ended;
    }

    /** The {@code status} of each job sent so far. */
    public List<String> statuses() {
        return data.stream().map(json -> JsonPath.from(json).getString("status")).toList();
    }

    /** Each job sent so far. */
    public List<JsonPath> jobs() {
        return data.stream().map(JsonPath::from).toList();
    }

    /** Hangs up, as a closed browser tab does. */
    public void close() {
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
