package dev.exportflow.notifier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What operators look at: readiness covers SMTP, the database and Kafka; metrics name what the notifier did. */
@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessCoversSmtpDatabaseAndKafka() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("SMTP server", "Database connections health check",
                        "SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == 'SMTP server' }.status", equalTo("UP"));
    }

    @Test
    void metricsIncludeTheEmailCountersAndTheSendLatency() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("exportflow_notifier_events_received_total"))
                .body(containsString("exportflow_notifier_emails_sent_total"))
                .body(containsString("exportflow_notifier_emails_send_seconds_count"));
    }
}
