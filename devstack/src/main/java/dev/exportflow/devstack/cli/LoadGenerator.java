package dev.exportflow.devstack.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.exportflow.devstack.DevStackException;

import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends a list of POST /api/exports requests over a fixed number of connections, as fast as the api answers, and
 * measures each answer's latency: the client side of {@code ./exportflow bench --api}. It shares the machine's cores
 * with the api, so it is OkHttp's blocking calls, a fraction of the CPU per request of the JDK's {@code HttpClient}
 * (docs/benchmark.md).
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

    private static final MediaType JSON = MediaType.get("application/json");

    private final String exportsUrl;
    private final int connections;
    private final OkHttpClient http;

    LoadGenerator(String baseUrl, int connections) {
        this.exportsUrl = baseUrl + "/api/exports";
        this.connections = connections;
        this.http = new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(30))
                .build();
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
        Request request = new Request.Builder().url(exportsUrl)
                .header("Authorization", "Bearer " + post.token())
                .post(RequestBody.create(post.body(), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            return response.code();
        } catch (IOException e) {
            return -1;
        }
    }
}
