package dev.exportflow.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.ServiceConfig;

import org.awaitility.Awaitility;

/** The packaged export-api ({@code target/quarkus-app/quarkus-run.jar}) as a real process against a devstack. */
public final class ApiProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;
    private final Path log;

    private ApiProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the api and waits until it is ready.
     *
     * @param extra configuration on top of the devstack's, e.g. {@code exportflow.outbox.relay-enabled=false}
     */
    public static ApiProcess start(DevStack stack, String name, Map<String, String> extra) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the integration tests with `verify`");
        }
        int port = freePort();
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig(ServiceConfig.Service.API,
                "http://127.0.0.1:" + port));
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("exportflow.outbox.sweep-interval", "PT1S");
        config.putAll(extra);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = logs.resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ApiProcess api = new ApiProcess(process, port, log);
            api.awaitReady();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + JAR, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    public void kill() {
        process.destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("export-api on port " + port + " (log: " + log + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("export-api exited with " + process.exitValue() + "; see " + log);
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
