package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * PostgreSQL restarts while the notifier idles, and the connections its pool holds die with the server. The emails
 * after it must not be handed one of those (each would cost its consumer a failed try and a wait of half a second or
 * more, as in an outage): the pool checks a connection that idled before it hands it out, so no record waits.
 */
@QuarkusTest
class DatabaseRestartTest extends NotifierTest {

    private static final int AT_ONCE = 8;

    @ConfigProperty(name = "quarkus.datasource.jdbc.foreground-validation-interval")
    Duration validationWindow;

    @Test
    void emailsAfterARestartAreNotHandedConnectionsThatDiedWithTheServer() throws InterruptedException {
        // several exports at once: the pool keeps a connection for each consumer and sender that took part
        awaitEachEmailedExactlyOnce(publishCompleted(), DELIVERY);

        stack.postgres().stop();
        stack.postgres().start();
        // the server answers again; the notifier's readiness is not asked, as its check would take dead connections out
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(this::databaseAnswers);
        // The pool checks a connection that idled longer than its window; a server back sooner than that after a
        // connection's last use (this stop and start can take 0.3 s) may still hand that one out (docs/notifier.md).
        // A wait for time to pass: no state tells when the window is over, so there is nothing to poll.
        Thread.sleep(validationWindow.plusMillis(100).toMillis());
        double retriesBefore = count("exportflow.consumer.retries", "channel", Topics.EXPORT_COMPLETED);

        awaitEachEmailedExactlyOnce(publishCompleted(), DELIVERY);
        assertThat(count("exportflow.consumer.retries", "channel", Topics.EXPORT_COMPLETED))
                .as("tries of the export-completed consumer that failed and waited").isEqualTo(retriesBefore);
    }

    private boolean databaseAnswers() throws SQLException {
        try (Connection connection = stack.postgres().superuserConnection("postgres")) {
            return connection.isValid(5);
        }
    }

    private List<ExportCompleted> publishCompleted() {
        List<ExportCompleted> events = IntStream.range(0, AT_ONCE)
                .mapToObj(i -> ExportEvents.completed(ExportEvents.requester("en", null))).toList();
        events.forEach(kafka::publish);
        return events;
    }
}
