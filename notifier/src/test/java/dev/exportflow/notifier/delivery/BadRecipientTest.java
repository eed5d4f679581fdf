package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Requester;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/** An address that cannot work fails once, visibly (ExportNotified FAILED), and is never retried. */
@QuarkusTest
class BadRecipientTest extends NotifierTest {

    @Test
    void aMalformedAddressIsRefusedOnceAndTheJobIsTold() {
        String address = "not an address@example";
        ExportCompleted completed = ExportEvents.completed(new Requester("u-bad", address, "en", "acme", null));
        double refusedBefore = refused();

        kafka.publish(completed);

        ExportNotified notified = awaitOneNotified(completed.jobId());
        assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.FAILED);
        assertThat(notified.about()).isEqualTo("completed");
        assertThat(notified.recipient()).isEqualTo(address);
        assertThat(notified.reason()).isEqualTo("'not an address@example' is not a valid email address.");
        assertThat(refused()).isEqualTo(refusedBefore + 1);
        assertNoRetryStorm(completed);
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
        assertThat(DeliveryRows.of(failed.jobId())).singleElement().satisfies(delivery -> {
            assertThat(delivery.status).isEqualTo(DeliveryStatus.FAILED);
            assertThat(delivery.attempts).isEqualTo(1);
        });
    }

    private void assertNoRetryStorm(ExportCompleted completed) {
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> {
            List<Delivery> rows = DeliveryRows.of(completed.jobId());
            return rows.size() == 1 && rows.get(0).attempts == 1 && rows.get(0).status == DeliveryStatus.FAILED;
        });
        assertThat(notified(completed.jobId())).hasSize(1);
    }

    private double refused() {
        return count("exportflow.notifier.emails.failed", "kind", "completed", "cause", "refused");
    }
}
