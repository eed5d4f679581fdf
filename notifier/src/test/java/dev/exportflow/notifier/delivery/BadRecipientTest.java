package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Mailbox;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Requester;
import dev.exportflow.notifier.support.Counters;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.TestKafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** An address that cannot work fails once, visibly (ExportNotified FAILED), and is never retried. */
@QuarkusTest
class BadRecipientTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private final TestKafka kafka = new TestKafka();
    private final Mailbox mailbox = DevStackTestResource.stack().mailbox();

    @Inject
    MeterRegistry registry;

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aMalformedAddressIsRefusedOnceAndTheJobIsTold() {
        String address = "not an address@example";
        ExportCompleted completed = ExportEvents.completed(new Requester("u-bad", address, "en", "acme", null));
        double refusedBefore = refused();

        kafka.publish(completed);

        ExportNotified notified = notifiedOnce(completed);
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

        ExportNotified notified = await().atMost(DELIVERY).until(() -> kafka.notified(failed.jobId()), hasSize(1))
                .stream().map(record -> (ExportNotified) record.value()).findFirst().orElseThrow();
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
        assertThat(kafka.notified(completed.jobId())).hasSize(1);
    }

    private ExportNotified notifiedOnce(ExportCompleted completed) {
        List<ConsumerRecord<String, ExportEvent>> records = await().atMost(DELIVERY)
                .until(() -> kafka.notified(completed.jobId()), hasSize(1));
        return (ExportNotified) records.get(0).value();
    }

    private double refused() {
        return Counters.count(registry, "exportflow.notifier.emails.failed", "kind", "completed", "cause", "refused");
    }
}
