package dev.exportflow.api.job.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.ApiProcess;
import dev.exportflow.api.support.Events;
import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.faults.TcpProxy;
import dev.exportflow.devstack.testing.TestKafka;

import io.restassured.RestAssured;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable for a while (the api reaches it through a TCP proxy that cuts every connection and then
 * holds all traffic): readiness goes down (the pod can serve nothing), liveness stays up (the process is fine, a
 * restart would not help), the consumers keep what arrives meanwhile, and once the database answers again the same
 * process applies it.
 */
class DatabaseOutageIT {

    private final DevStack stack = Api.stack();
    private ApiProcess api;
    private TcpProxy proxy;

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void readinessGoesDownLivenessStaysUpAndTheConsumersApplyWhatArrivedOnceTheDatabaseIsBack() {
        proxy = TcpProxy.start("api-postgres", stack.allocateServicePort(), stack.endpoints().postgresPort());
        Map<String, String> config = new LinkedHashMap<>(NotificationOutageIT.OWN_GROUP);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                + Endpoints.JOBS_DATABASE);
        api = ApiProcess.start(stack, "database-outage", config);
        long pid = api.pid();
        String user = Api.newUser("dark");
        UUID id = api.createOrdersJob(user);

        proxy.stall();
        proxy.cutAll();
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/q/health/ready") == 503);
        try (TestKafka worker = new TestKafka(stack)) {
            worker.publish(Events.progress(id, 1, 10, 100, 20L));
            worker.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 20, 200));
            worker.publish(Events.notified(id, 1, user));
        }
        await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(status("/q/health/live")).isEqualTo(200);
            assertThat(api.isAlive()).isTrue();
        });

        proxy.resume();
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/q/health/ready") == 200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> RestAssured.given().auth().oauth2(Api.token(user))
                .get(api.baseUrl() + "/api/exports/" + id).then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("file.rows", equalTo(20))
                .body("notification.outcome", equalTo("SENT")));
        assertThat(api.pid()).isEqualTo(pid);
    }

    private int status(String path) {
        return RestAssured.get(api.baseUrl() + path).statusCode();
    }
}
