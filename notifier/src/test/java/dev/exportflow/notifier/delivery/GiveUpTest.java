package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Topics;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * After the last allowed attempt a delivery FAILS for good, the job is told, the event is parked in the DLQ, and
 * nothing more is tried.
 * The notifier is pointed at a port where no SMTP server listens and allowed three quick attempts.
 */
@QuarkusTest
@TestProfile(GiveUpTest.ThreeAttemptsAtAClosedPort.class)
class GiveUpTest extends NotifierTest {

    @Test
    void aDeliveryThatNeverGoesThroughFailsAfterTheLastAttempt() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        double gaveUpBefore = gaveUp();
        double retriedBefore = retried();

        kafka.publish(completed);

        ExportNotified notified = awaitOneNotified(completed.jobId());
        assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.FAILED);
        assertThat(notified.reason()).startsWith("Gave up after 3 attempts. The mail server could not be reached");
        assertThat(gaveUp()).isEqualTo(gaveUpBefore + 1);
        assertThat(retried()).isEqualTo(retriedBefore + 2);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
            List<Delivery> rows = DeliveryRows.of(completed.jobId());
            return rows.size() == 1 && rows.get(0).status == DeliveryStatus.FAILED && rows.get(0).attempts == 3;
        });
        assertThat(notified(completed.jobId())).hasSize(1);
        assertThat(mailbox.messagesFor(completed.requester().email())).isEmpty();
        List<ConsumerRecord<String, byte[]>> parked = deadLetters(completed.jobId());
        assertThat(parked).as("the given-up email's event is parked once").hasSize(1);
        assertThat(EventJson.read(parked.get(0).value(), ExportCompleted.class)).isEqualTo(completed);
        assertThat(TestKafka.header(parked.get(0), "dead-letter-topic")).isEqualTo(Topics.EXPORT_COMPLETED);
        assertThat(TestKafka.header(parked.get(0), "dead-letter-reason")).startsWith("Gave up after 3 attempts.");
    }

    @Test
    void republishingAParkedEventTriesTheEmailAgain() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        kafka.publish(completed);
        ConsumerRecord<String, byte[]> parked = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetters(completed.jobId()), hasSize(1)).get(0);

        kafka.publishRaw(TestKafka.header(parked, "dead-letter-topic"), parked.key(), parked.value());

        List<ConsumerRecord<String, byte[]>> parkedTwice = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetters(completed.jobId()), hasSize(2));
        assertThat(parkedTwice).as("given up a second time, not parked as unreadable").allSatisfy(record ->
                assertThat(TestKafka.header(record, "dead-letter-reason")).startsWith("Gave up after 3 attempts."));
        assertThat(EventJson.read(parkedTwice.get(1).value(), ExportCompleted.class)).isEqualTo(completed);
        List<Delivery> rows = DeliveryRows.of(completed.jobId());
        assertThat(rows).as("the same delivery, tried again").singleElement().satisfies(delivery -> {
            assertThat(delivery.status).isEqualTo(DeliveryStatus.FAILED);
            assertThat(delivery.attempts).isEqualTo(3);
        });
    }

    private double gaveUp() {
        return count("exportflow.notifier.emails.failed", "kind", "completed", "cause", "gave-up");
    }

    private double retried() {
        return count("exportflow.notifier.emails.retried", "kind", "completed");
    }

    /** Three quick attempts at a port nobody listens on. */
    public static class ThreeAttemptsAtAClosedPort implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mailer.port", Integer.toString(closedPort()),
                    "exportflow.notifier.delivery.max-attempts", "3",
                    "exportflow.notifier.delivery.initial-delay", "PT0.5S",
                    "exportflow.notifier.delivery.max-delay", "PT0.5S");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
