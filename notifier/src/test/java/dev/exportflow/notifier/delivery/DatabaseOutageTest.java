package dev.exportflow.notifier.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.Topics;
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

        awaitEachEmailedExactlyOnce(events, HEAL);
        await().atMost(DELIVERY).until(() -> status("/q/health/ready") == 200);
        assertThat(status("/q/health/live")).isEqualTo(200);

        ExportCompleted afterwards = ExportEvents.completed(ExportEvents.requester("en", null));
        kafka.publish(afterwards);
        awaitOneEmailTo(afterwards.requester().email());
    }

    private static int status(String path) {
        return given().get(path).statusCode();
    }
}
