package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * An address that cannot work is never tried. A "ready" email to something that is clearly no address is refused when
 * the event arrives (parked in the DLQ, counted, no delivery); a failure email without any address is recorded and
 * fails once, visibly (ExportNotified FAILED), and is never retried.
 */
@QuarkusTest
class BadRecipientTest extends NotifierTest {

    @Test
    void aMalformedAddressIsRefusedAndNeverTried() {
        String address = "not an address@example";
        ExportCompleted completed = ExportEvents.completed(new Requester("u-bad", address, "en", "acme", null));
        double refusedBefore = refused();

        kafka.publish(completed);

        ConsumerRecord<String, byte[]> parked = await().atMost(DELIVERY).until(() -> deadLetters(completed.jobId()),
                hasSize(1)).get(0);
        assertThat(TestKafka.header(parked, "dead-letter-reason"))
                .isEqualTo("refused (address): requester.email is no email address");
        assertThat(EventJson.read(parked.value(), ExportCompleted.class)).isEqualTo(completed);
        assertThat(refused()).isEqualTo(refusedBefore + 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> DeliveryRows.of(completed.jobId()).isEmpty() && notified(completed.jobId()).isEmpty());
        assertThat(mailbox.messagesFor(address)).isEmpty();
    }

    @Test
    void anExportWithoutAnAddressFailsOnceWithAReason() {
        ExportFailed failed = ExportEvents.failed(new Requester("u-none", null, "de", "acme", null), "Boom.", true);

        kafka.publish(failed);

        ExportNotified notified = awaitOneNotified(failed.jobId());
        assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.FAILED);
        assertThat(notified.about()).isEqualTo("failed");
        assertThat(notified.recipient()).isNull();
        assertThat(notified.reason()).isEqualTo("The export has no email address to send to.");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
            var rows = DeliveryRows.of(failed.jobId());
            return rows.size() == 1 && rows.get(0).status == DeliveryStatus.FAILED && rows.get(0).attempts == 1;
        });
        assertThat(notified(failed.jobId())).as("told once, never retried").hasSize(1);
    }

    private double refused() {
        return count("exportflow.events.refused", "channel", Topics.EXPORT_COMPLETED, "reason", "address");
    }
}
