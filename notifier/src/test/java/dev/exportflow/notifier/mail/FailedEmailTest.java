package dev.exportflow.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.notifier.delivery.Delivery;
import dev.exportflow.notifier.delivery.DeliveryStatus;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/** export-failed → one email that says what went wrong and what to do next → ExportNotified SENT. */
@QuarkusTest
class FailedEmailTest extends NotifierTest {

    private static final String HISTORY = DevStackTestResource.TEST_API_BASE_URL + "/";

    @Test
    void englishEmailExplainsATemporaryProblemAndSuggestsStartingAgain() {
        ExportFailed failed = failure("en", "America/New_York", "The source database did not answer in time.", true);

        Email email = publishAndAwaitEmail(failed);

        assertThat(email.subject()).isEqualTo("Your export \"Orders\" could not be created");
        assertThat(email.attachmentNames()).isEmpty();
        assertThat(text(email))
                .contains("We could not create your export \"Orders\".")
                .contains("What went wrong:\nThe source database did not answer in time.")
                .contains("This looks like a temporary problem. Start the export again from your export history.")
                .contains("Reference: " + failed.jobId());
        assertThat(email.textLinks()).containsExactly(HISTORY);
        assertThat(email.htmlLinks()).containsExactly(HISTORY);
        assertThat(email.html()).contains("Open your export history");

        ConsumerRecord<String, byte[]> record = awaitOneNotifiedRecord(failed.jobId());
        ExportNotified notified = (ExportNotified) kafka.event(record);
        assertThat(notified.about()).isEqualTo("failed");
        assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.SENT);
        assertThat(notified.recipient()).isEqualTo(failed.requester().email());
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID))
                .isEqualTo(CloudEventHeaders.stableId(notified, "failed/sent").toString());

        Delivery delivery = DeliveryRows.of(failed.jobId()).get(0);
        assertThat(delivery.status).isEqualTo(DeliveryStatus.SENT);
        assertThat(delivery.linkExpiresAt).isNull();
    }

    @Test
    void germanEmailSaysThatStartingAgainWouldNotHelp() {
        ExportFailed failed = failure("de", "Europe/Vienna", "Der Parameter from_date liegt in der Zukunft.", false);

        Email email = publishAndAwaitEmail(failed);

        assertThat(email.subject()).isEqualTo("Ihr Export „Orders“ konnte nicht erstellt werden");
        assertThat(text(email))
                .contains("Wir konnten Ihren Export „Orders“ nicht erstellen.")
                .contains("Was ist passiert:\nDer Parameter from_date liegt in der Zukunft.")
                .contains("Ein erneuter Start mit denselben Einstellungen würde genauso fehlschlagen.")
                .contains("Referenz: " + failed.jobId())
                .doesNotContain("vorübergehenden");
        assertThat(email.html()).contains("Export-Übersicht öffnen").contains("lang=\"de\"");
        assertThat(email.textLinks()).containsExactly(HISTORY);
        awaitOneNotifiedRecord(failed.jobId());
    }

    /** The plain-text part with the line breaks as the template has them (SMTP sends CRLF). */
    private static String text(Email email) {
        return email.text().replace("\r\n", "\n");
    }

    /** export-failed for a new job of a new recipient with that locale and time zone. */
    private static ExportFailed failure(String locale, String timeZone, String message, boolean retryable) {
        return ExportEvents.failed(ExportEvents.requester(locale, timeZone), message, retryable);
    }

    /** Publishes the event as export-worker does and waits for the one email it asks for. */
    private Email publishAndAwaitEmail(ExportFailed failed) {
        kafka.publish(failed);
        return awaitOneEmailTo(failed.requester().email());
    }
}
