package dev.exportflow.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.exportflow.devstack.mail.Mailbox;

import io.restassured.path.json.JsonPath;

/** The exports of one scenario while it runs: what they are, which the test cancelled, what the api says of each. */
final class ScenarioRun {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration MID_FLIGHT_LIMIT = Duration.ofMinutes(2);

    private final FaultScenario scenario;
    private final List<MatrixExport> exports;
    private final String apiBaseUrl;
    private final Mailbox mailbox;
    private final WorkerClaims claims;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    ScenarioRun(FaultScenario scenario, List<MatrixExport> exports, String apiBaseUrl, Mailbox mailbox, WorkerClaims claims) {
        this.scenario = scenario;
        this.exports = exports;
        this.apiBaseUrl = apiBaseUrl;
        this.mailbox = mailbox;
        this.claims = claims;
    }

    FaultScenario scenario() {
        return scenario;
    }

    List<MatrixExport> exports() {
        return exports;
    }

    boolean wasCancelled(MatrixExport export) {
        return cancelled.contains(export.id());
    }

    /** The job as its owner sees it, or null while the api does not answer it. */
    JsonPath job(MatrixExport export) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(apiBaseUrl + "/api/exports/" + export.id()))
                    .header("Authorization", "Bearer " + export.token()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JsonPath.from(answer.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    String status(MatrixExport export) {
        JsonPath job = job(export);
        return job == null ? "UNANSWERED" : job.getString("status");
    }

    /**
     * Waits until one of the two longest exports (600k and 300k rows) runs, and returns it: the fault then strikes
     * mid-flight. The worker's claim says so at once; the api's view may lag behind while it catches up with reports.
     */
    MatrixExport awaitLongExportRunning() {
        return await().atMost(MID_FLIGHT_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> exports.subList(0, 2).stream().filter(this::running).findFirst().orElse(null),
                        running -> running != null);
    }

    /** Waits until {@code count} of the scenario's emails went out while other exports still run. */
    void awaitEmailsSent(int count) {
        await().atMost(MID_FLIGHT_LIMIT).pollInterval(Duration.ofMillis(250))
                .until(() -> exports.stream().filter(export -> !mailbox.messagesFor(export.email()).isEmpty()).count() >= count);
    }

    /** Asks the api to cancel an export; it counts as cancelled when the api took the request (202, or 200 if done). */
    void cancel(MatrixExport export) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                URI.create(apiBaseUrl + "/api/exports/" + export.id() + "/cancel"))
                .header("Authorization", "Bearer " + export.token()).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 202 || answer.statusCode() == 200) {
            cancelled.add(export.id());
        }
    }

    private boolean running(MatrixExport export) {
        try {
            return "RUNNING".equals(claims.state(UUID.fromString(export.id())));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the claim of " + export, e);
        }
    }
}
