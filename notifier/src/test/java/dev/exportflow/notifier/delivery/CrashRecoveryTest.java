package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * What a notifier finds after a crash, left in the delivery log as the crash left it: an email recorded
 * but not sent is sent; an email sent but not announced is announced, and not sent again; an email given up
 * but not announced is parked in the DLQ and announced.
 */
@QuarkusTest
class CrashRecoveryTest extends NotifierTest {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Inject
    DeliveryLog log;

    @Test
    void anEmailRecordedButNotSentIsSentByThePoll() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));

        assertThat(log.record(EmailKind.COMPLETED, completed, completed.requester().email(), null, null)).isTrue();

        await().atMost(RECOVERY).until(() -> mailbox.messagesFor(completed.requester().email()), hasSize(1));
        await().atMost(RECOVERY).until(() -> notified(completed.jobId()), hasSize(1));
        await().atMost(RECOVERY).until(() -> DeliveryRows.of(completed.jobId()).get(0).notifiedAt != null);
        assertThat(log.record(EmailKind.COMPLETED, completed, completed.requester().email(), null, null)).isFalse();
    }

    @Test
    void anEmailSentButNotAnnouncedIsAnnouncedOnceAndNotSentAgain() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> finishedButNotAnnounced(completed, sentAt, DeliveryStatus.SENT).persist());

        // the sweep (every second here) leaves a delivery that finished moments ago to the sender that finished it
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> notified(completed.jobId()).isEmpty());
        var records = await().atMost(RECOVERY).until(() -> notifiedRecords(completed.jobId()), hasSize(1));

        ExportNotified notified = (ExportNotified) kafka.event(records.get(0));
        assertThat(notified).isEqualTo(new ExportNotified(completed.jobId(), 1, sentAt, "email", "completed",
                completed.requester().email(), ExportNotified.Outcome.SENT, null));
        assertThat(CloudEventHeaders.read(records.get(0).headers(), CloudEventHeaders.ID))
                .isEqualTo(CloudEventHeaders.stableId(notified, "completed/sent").toString());
        await().atMost(RECOVERY).until(() -> DeliveryRows.of(completed.jobId()).get(0).notifiedAt != null);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> notified(completed.jobId()).size() == 1);
        assertThat(mailbox.messagesFor(completed.requester().email())).isEmpty();
    }

    @Test
    void anEmailGivenUpButNotAnnouncedIsParkedAndAnnouncedAndNotSent() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        Instant gaveUpAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery givenUp = finishedButNotAnnounced(completed, gaveUpAt, DeliveryStatus.FAILED);
            givenUp.givenUp = true;
            givenUp.lastError = "Gave up after 8 attempts. The mail server could not be reached.";
            givenUp.persist();
        });

        var records = await().atMost(RECOVERY).until(() -> notified(completed.jobId()), hasSize(1));

        assertThat(records.get(0).outcome()).isEqualTo(ExportNotified.Outcome.FAILED);
        await().atMost(RECOVERY).until(() -> DeliveryRows.of(completed.jobId()).get(0).notifiedAt != null);
        var parked = deadLetters(completed.jobId());
        assertThat(parked).as("parked with its ExportNotified").hasSize(1);
        assertThat(EventJson.read(parked.get(0).value(), ExportCompleted.class)).isEqualTo(completed);
        assertThat(TestKafka.header(parked.get(0), "dead-letter-reason")).startsWith("Gave up after 8 attempts.");
        assertThat(mailbox.messagesFor(completed.requester().email())).isEmpty();
    }

    /** A delivery as a crash leaves it between finishing and announcing: SENT or FAILED, notified_at still null. */
    private static Delivery finishedButNotAnnounced(ExportCompleted completed, Instant finishedAt, DeliveryStatus status) {
        Delivery delivery = DeliveryRows.completed(completed, status, finishedAt);
        delivery.attempts = 1;
        delivery.finishedAt = finishedAt;
        return delivery;
    }
}
