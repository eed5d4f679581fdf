package dev.exportflow.notifier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.empty;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.messaging.ConsumersJoined;

import io.quarkus.test.junit.QuarkusTest;

/**
 * What operators look at: readiness is the delivery log's database and the first join of the consumers (whose later
 * outages show as lag, never in a probe); liveness holds no dependency;
 * the SMTP server is reported in the group {@code dependencies}; metrics name what the notifier did.
 */
@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessIsTheDatabaseAndTheConsumersHavingJoinedTheirGroup() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder("Database connections health check", ConsumersJoined.CHECK))
                .body("checks.find { it.name == '%s' }.data".formatted(ConsumersJoined.CHECK), equalTo(Map.of(
                        "export-completed", "joined", "export-failed", "joined", "export-resend-requested", "joined")));
    }

    @Test
    void livenessHoldsNoDependency() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks", empty());
    }

    @Test
    void theSmtpServerIsReportedAmongTheDependencies() {
        given().get("/q/health/group/dependencies").then().statusCode(200)
                .body("checks.name", contains("SMTP server"))
                .body("checks.find { it.name == 'SMTP server' }.status", equalTo("UP"));
    }

    @Test
    void metricsIncludeTheEmailCountersTheSendLatencyRefusalsAndConsumerRetries() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("exportflow_notifier_events_received_total"))
                .body(containsString("exportflow_notifier_emails_sent_total"))
                .body(containsString("exportflow_notifier_emails_send_seconds_count"))
                .body(containsString("exportflow_events_refused_total{channel=\"export-completed\",reason=\"address\"}"))
                .body(containsString("exportflow_consumer_retries_total{channel=\"export-resend-requested\"}"));
    }
}
