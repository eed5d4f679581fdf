package dev.exportflow.devstack.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.exportflow.devstack.DevStackException;

/**
 * Sends a list of POST /api/exports requests over a fixed number of connections, as fast as the api answers, and
 * measures each answer's latency: the client side of {@code ./exportflow bench --api}.
 */
final class LoadGenerator {

    /** One request: the caller's token and the JSON body. */
    record Post(String token, String body) {
    }

    /** What a run measured. */
    record Result(int requests, int accepted, double seconds, long[] latenciesMicros) {

        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double percentile) {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }

    private final String baseUrl;
    private final int connections;
    private final HttpClient http;

    LoadGenerator(String baseUrl, int connections) {
        this.baseUrl = baseUrl;
        this.connections = connections;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends every request once, {@code connections} at a time; anything but 202 is counted, not thrown. */
    Result post(List<Post> posts) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicLongArray latencies = new AtomicLongArray(posts.size());
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < posts.size(); i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        if (send(posts.get(i)) == 202) {
                            accepted.incrementAndGet();
                        }
                        latencies.set(i, (System.nanoTime() - sent) / 1000);
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DevStackException("The load generator failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            clients.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] measured = new long[posts.size()];
        for (int i = 0; i < measured.length; i++) {
            measured[i] = latencies.get(i);
        }
        return new Result(posts.size(), accepted.get(), seconds, measured);
    }

    private int send(Post post) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/exports"))
                .header("Authorization", "Bearer " + post.token())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(post.body()))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
