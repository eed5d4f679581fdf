package dev.exportflow.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Untouched;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;

/**
 * The 64 KB body limit holds whether or not the client announces the length: a chunked body is stopped as it passes
 * the limit, with the same problem+json 413 as an announced one, and nothing is stored.
 */
@QuarkusTest
class BodyLimitTest {

    private static final int LIMIT = 65_536;

    @TestHTTPResource("/api/exports")
    URI exports;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aChunkedBodyOverTheLimitIsA413Problem() throws Exception {
        String user = Api.newUser("chunked");
        HttpResponse<String> response = post(user, body(LIMIT + 1_000), true);
        assertTooLarge(response);
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void aChunkedBodyBeyondTheHttpLayersOwnLimitGetsTheSameProblem() throws Exception {
        String user = Api.newUser("chunked");
        assertTooLarge(post(user, body(3 * 1024 * 1024), true));
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void anAnnouncedBodyOverTheLimitIsTheSameProblem() throws Exception {
        String user = Api.newUser("announced");
        assertTooLarge(post(user, body(LIMIT + 1), false));
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsReadAsUsual() throws Exception {
        String user = Api.newUser("chunked");
        HttpResponse<String> response = post(user,
                "{\"dataset\": \"orders\", \"parameters\": {\"status\": \"PAID\"}}" + " ".repeat(LIMIT - 100), true);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JsonPath.from(response.body()).getString("status")).isEqualTo("QUEUED");
    }

    /** A create request of exactly {@code size} bytes, most of them a (refused) parameter value. */
    private static String body(int size) {
        String head = "{\"dataset\": \"orders\", \"parameters\": {\"status\": \"";
        String tail = "\"}}";
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }

    private HttpResponse<String> post(String user, String json, boolean chunked) throws IOException, InterruptedException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        return http.send(HttpRequest.newBuilder(exports)
                .header("Authorization", "Bearer " + Api.token(user))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonPath problem = JsonPath.from(response.body());
        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("type")).isEqualTo("https://exportflow.dev/problems/body-too-large");
    }
}
