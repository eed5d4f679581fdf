package dev.exportflow.notifier.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The delivery log's PostgreSQL is stopped for 15 s while finished exports arrive. The consumers keep their records
 * and try again with backoff, the senders and the announcer wait, readiness is DOWN and liveness UP all along (no
 * restart); once the database is back every export gets exactly one email and one ExportNotified, readiness is UP
 * again and the channels go on reading.
 */
@QuarkusTest
class DatabaseOutageTest extends NotifierTest {

    private static final Duration OUTAGE = Duration.ofSeconds(15);
    /** The longest wait between two tries (30 s) after the database is back, plus a send and an announcement. */
    private static final Duration HEAL = Duration.ofSeconds(75);

    private boolean databaseStopped;

    @AfterEach
    void restartDatabase() {
        if (databaseStopped) {
            stack.postgres().start();
        }
    }

    @Test
    void eventsWaitForTheDatabaseAndAreEmailedExactlyOnceWithoutARestart() {
        await().atMost(DELIVERY).until(() -> status("/q/health/ready") == 200);
        double completedRetries = count("exportflow.consumer.retries", "channel", Topics.EXPORT_COMPLETED);
        double failedRetries = count("exportflow.consumer.retries", "channel", Topics.EXPORT_FAILED);
        List<ExportEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(ExportEvents.completed(ExportEvents.requester(i % 2 == 0 ? "en" : "de", null)));
        }
        events.add(ExportEvents.failed(ExportEvents.requester("en", null), "The source database could not be reached.",
                true));

        stack.postgres().stop();
        databaseStopped = true;
        events.forEach(kafka::publish);

        await().atMost(DELIVERY).until(() -> status("/q/health/ready") == 503);
        await().atMost(DELIVERY).until(() -> count("exportflow.consumer.retries", "channel", Topics.EXPORT_COMPLETED)
                >= completedRetries + 2 && count("exportflow.consumer.retries", "channel", Topics.EXPORT_FAILED)
                >= failedRetries + 2);
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> status("/q/health/live") == 200 && status("/q/health/ready") == 503
                        && events.stream().allMatch(event -> emailsTo(event).isEmpty()));

        stack.postgres().start();
        databaseStopped = false;

        for (ExportEvent event : events) {
            await().atMost(HEAL).until(() -> emailsTo(event), hasSize(1));
            await().atMost(HEAL).until(() -> notified(event.jobId()), hasSize(1));
        }
        List<UUID> jobs = events.stream().map(ExportEvent::jobId).toList();
        Map<UUID, Long> once = jobs.stream().collect(Collectors.toMap(job -> job, job -> 1L));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> notifiedCounts(jobs).equals(once)
                        && events.stream().allMatch(event -> emailsTo(event).size() == 1));
        for (ExportEvent event : events) {
            assertThat(notified(event.jobId())).singleElement()
                    .satisfies(notified -> assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.SENT));
            assertThat(DeliveryRows.of(event.jobId())).singleElement()
                    .satisfies(delivery -> assertThat(delivery.status).isEqualTo(DeliveryStatus.SENT));
        }
        await().atMost(DELIVERY).until(() -> status("/q/health/ready") == 200);
        assertThat(status("/q/health/live")).isEqualTo(200);

        ExportCompleted afterwards = ExportEvents.completed(ExportEvents.requester("en", null));
        kafka.publish(afterwards);
        awaitOneEmailTo(afterwards.requester().email());
    }

    private List<Email> emailsTo(ExportEvent event) {
        var requester = event instanceof ExportCompleted completed ? completed.requester()
                : ((ExportFailed) event).requester();
        return mailbox.messagesFor(requester.email());
    }

    private static int status(String path) {
        return given().get(path).statusCode();
    }
}
