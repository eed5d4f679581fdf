package dev.exportflow.api.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.ServiceProcess;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged export-api ({@code target/quarkus-app/quarkus-run.jar}) as a real process against a devstack. */
public final class ApiProcess implements AutoCloseable {

    /** How long {@link #close()} waits for the process to stop before it kills it. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ServiceProcess process;

    private ApiProcess(ServiceProcess process) {
        this.process = process;
    }

    /**
     * Starts the api and waits until it is ready.
     *
     * @param extra configuration on top of the devstack's, e.g. {@code exportflow.outbox.relay-enabled=false}; a null
     *        value leaves the key out altogether
     */
    public static ApiProcess start(DevStack stack, String name, Map<String, String> extra) {
        int port = stack.allocateServicePort();
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig(Service.API, "http://127.0.0.1:" + port));
        config.put("exportflow.outbox.sweep-interval", "PT1S");
        config.putAll(extra);
        config.values().removeIf(Objects::isNull);
        return new ApiProcess(ServiceProcess.start(Service.API, name, port, config, Path.of("target", "it-logs").toAbsolutePath(),
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")));
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    /** POSTs an orders export as {@code user}; asserts the 202 and answers the job's id. */
    public UUID createOrdersJob(String user) {
        Response response = RestAssured.given().auth().oauth2(Api.token(user)).contentType(ContentType.JSON)
                .body(Api.ordersRequest(Map.of())).post(baseUrl() + "/api/exports");
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(response.jsonPath().getString("id"));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
