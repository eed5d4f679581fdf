package dev.exportflow.notifier.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The SMTP server is down for 10 s: emails wait in the delivery log (Kafka records are acknowledged, other
 * users' events keep being read), are retried with backoff, and arrive exactly once when it is back. The notifier stays
 * ready (restarting it or taking it out of service would not bring the server back); the outage shows in the health
 * group {@code dependencies}.
 */
@QuarkusTest
class SmtpOutageTest extends NotifierTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @AfterEach
    void restoreSmtp() {
        if (!mailbox.isReady()) {
            stack.mail().start();
        }
    }

    @Test
    void emailsWaitForTheServerAndArriveExactlyOnce() {
        ExportCompleted first = ExportEvents.completed(ExportEvents.requester("en", null));
        ExportCompleted second = ExportEvents.completed(ExportEvents.requester("de", "Europe/Berlin"));
        double retriedBefore = count("exportflow.notifier.emails.retried", "kind", "completed");
        stack.mail().stop();

        kafka.publish(first);
        kafka.publish(second);

        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(first) >= 1 && attempts(second) >= 1);
        given().get("/q/health/group/dependencies").then().statusCode(503)
                .body("checks.find { it.name == 'SMTP server' }.status", equalTo("DOWN"));
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> pending(first) && pending(second)
                && given().get("/q/health/ready").statusCode() == 200 && given().get("/q/health/live").statusCode() == 200);
        assertThat(attempts(first)).as("retried with backoff during the outage").isBetween(3, 10);
        assertThat(notified(first.jobId())).isEmpty();
        assertThat(count("exportflow.notifier.emails.retried", "kind", "completed"))
                .isGreaterThanOrEqualTo(retriedBefore + 4);

        stack.mail().start();

        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.messagesFor(first.requester().email()), hasSize(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.messagesFor(second.requester().email()), hasSize(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> notified(first.jobId()), hasSize(1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> mailbox.messagesFor(first.requester().email()).size() == 1
                        && mailbox.messagesFor(second.requester().email()).size() == 1);
        assertThat(mailbox.messagesFor(first.requester().email()).get(0).linkContaining("/d/")).isNotBlank();
        assertThat(notified(first.jobId())).singleElement()
                .satisfies(notified -> assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.SENT));
        assertThat(notified(second.jobId())).hasSize(1);
        assertThat(DeliveryRows.of(first.jobId())).singleElement().satisfies(delivery -> {
            assertThat(delivery.status).isEqualTo(DeliveryStatus.SENT);
            assertThat(delivery.attempts).isGreaterThan(3);
            assertThat(delivery.lastError).startsWith("The mail server could not be reached");
        });
        given().get("/q/health/group/dependencies").then().statusCode(200)
                .body("checks.name", hasItem("SMTP server"));
    }

    private static int attempts(ExportCompleted completed) {
        List<Delivery> rows = DeliveryRows.of(completed.jobId());
        return rows.isEmpty() ? 0 : rows.get(0).attempts;
    }

    private static boolean pending(ExportCompleted completed) {
        List<Delivery> rows = DeliveryRows.of(completed.jobId());
        return rows.size() == 1 && rows.get(0).status == DeliveryStatus.PENDING;
    }
}
