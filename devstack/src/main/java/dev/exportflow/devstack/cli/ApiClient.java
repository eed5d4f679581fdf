package dev.exportflow.devstack.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.exportflow.devstack.DevStackException;

/** The export API as the CLI uses it: submit, follow until done, download. */
final class ApiClient {

    static final List<String> FINAL_STATUSES = List.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An accepted export: the job as returned, and its Location. */
    record Submitted(String id, String location, JsonNode job) {
    }

    /** POST /api/exports; anything but 202 is an error that quotes the answer. */
    Submitted submit(String token, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/exports"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new DevStackException("POST /api/exports answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode job = json(response.body());
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new DevStackException("POST /api/exports answered 202 without a Location"));
        return new Submitted(job.path("id").asText(), location, job);
    }

    /**
     * Follows the job's server-sent events until it reaches a final status, telling {@code onUpdate} every state the
     * api pushes. The api pushes a change as soon as it is committed, so the end is seen at once, and a stream costs
     * the api nothing between changes (on a small machine every status poll competes with the export itself). A stream
     * that breaks off, say because the api restarted, is opened again until the deadline.
     */
    JsonNode follow(String token, String id, Duration timeout, Consumer<JsonNode> onUpdate) {
        Instant deadline = Instant.now().plus(timeout);
        String status = "unknown";
        while (Instant.now().isBefore(deadline)) {
            URI events = URI.create(baseUrl + "/api/exports/" + id + "/events");
            HttpResponse<Stream<String>> response = send(HttpRequest.newBuilder(events)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new DevStackException("GET /api/exports/" + id + "/events answered " + response.statusCode());
            }
            try (Stream<String> lines = response.body()) {
                Iterator<String> received = lines.iterator();
                while (received.hasNext() && Instant.now().isBefore(deadline)) {
                    String line = received.next();
                    if (line.startsWith("data:")) {
                        JsonNode job = json(line.substring("data:".length()).trim());
                        onUpdate.accept(job);
                        status = job.path("status").asText();
                        if (FINAL_STATUSES.contains(status)) {
                            return job;
                        }
                    }
                }
            } catch (UncheckedIOException e) {
                pause(Duration.ofSeconds(1)); // the stream broke off: open it again
            }
        }
        throw new DevStackException("Export " + id + " did not finish within " + timeout.toMinutes() + " min (status "
                + status + "); see the service logs");
    }

    /** GET of any URL (e.g. an emailed link), following redirects; anything but 200 is an error. */
    byte[] download(String url) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new DevStackException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new DevStackException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new DevStackException("The api answered something that is not JSON: " + body, e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted", e);
        }
    }
}
