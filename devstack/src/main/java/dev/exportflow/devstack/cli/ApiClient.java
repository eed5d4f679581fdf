package dev.exportflow.devstack.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

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

    JsonNode job(String token, String id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/exports/" + id))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new DevStackException("GET /api/exports/" + id + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /**
     * Polls the job until it reaches a final status, telling {@code onUpdate} every state it sees. Every poll
     * costs the api a little CPU, which on a small machine competes with the export itself.
     */
    JsonNode awaitFinished(String token, String id, Duration timeout, Duration pollInterval, Consumer<JsonNode> onUpdate) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode job = job(token, id);
            onUpdate.accept(job);
            if (FINAL_STATUSES.contains(job.path("status").asText())) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DevStackException("Export " + id + " did not finish within " + timeout.toMinutes() + " min (status "
                        + job.path("status").asText() + "); see the service logs");
            }
            pause(pollInterval);
        }
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
