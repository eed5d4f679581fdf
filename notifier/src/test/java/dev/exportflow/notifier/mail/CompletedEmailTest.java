package dev.exportflow.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.link.DownloadLinkTokens;
import dev.exportflow.events.link.LinkClaims;
import dev.exportflow.notifier.delivery.Delivery;
import dev.exportflow.notifier.delivery.DeliveryStatus;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/** export-completed → one email in the real SMTP server, with a signed link → ExportNotified SENT. */
@QuarkusTest
class CompletedEmailTest extends NotifierTest {

    /** The api's side of the link: the devstack's shared key, not the notifier's configuration. */
    private final DownloadLinkTokens apiTokens = new DownloadLinkTokens(stack.endpoints().linkSigningKey(), null,
            Clock.systemUTC());

    @Test
    void englishEmailCarriesASignedLinkThatWorksForADay() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en-US", null));
        Instant published = Instant.now();

        kafka.publish(completed);

        Email email = emailTo(completed);
        assertThat(email.subject()).isEqualTo("Your export \"Orders\" is ready");
        assertThat(email.from()).isEqualTo("ExportFlow <exports@exportflow.local>");
        assertThat(email.to()).containsExactly(completed.requester().email());
        assertThat(email.attachmentNames()).isEmpty();
        assertThat(email.text())
                .contains("Your export \"Orders\" is ready.")
                .contains("orders-2025-03-05.csv (CSV): 1,234,567 rows, 5.1 MB");
        assertThat(email.html()).contains("Download orders-2025-03-05.csv").contains("1,234,567 rows, 5.1 MB");

        String link = email.linkContaining("/d/");
        assertThat(link).startsWith(DevStackTestResource.TEST_API_BASE_URL + "/d/");
        assertThat(email.htmlLinks()).contains(link);
        LinkClaims claims = apiTokens.verify(link.substring(link.lastIndexOf('/') + 1));
        assertThat(claims.jobId()).isEqualTo(completed.jobId());
        assertThat(claims.generation()).isEqualTo(completed.generation());
        assertThat(claims.expiresAt()).isBetween(published.plus(Duration.ofHours(24)).minusSeconds(1),
                Instant.now().plus(Duration.ofHours(24)));

        var expiry = claims.expiresAt().atZone(ZoneId.of("UTC"));
        assertThat(email.text()).contains("The link works until "
                + DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US).format(expiry))
                .contains(DateTimeFormatter.ofPattern("h:mm", Locale.US).format(expiry))
                .contains("(UTC)");

        ConsumerRecord<String, byte[]> record = awaitOneNotifiedRecord(completed.jobId());
        ExportEvent notified = kafka.event(record);
        assertThat(notified).isEqualTo(new ExportNotified(completed.jobId(), 1,
                ((ExportNotified) notified).occurredAt(), "email", "completed", completed.requester().email(),
                ExportNotified.Outcome.SENT, null));
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))
                .isEqualTo("dev.exportflow.export.notified.v1");
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE)).isEqualTo("/exportflow/notifier");
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID))
                .isEqualTo(CloudEventHeaders.stableId(notified, "completed/sent").toString());

        Delivery delivery = DeliveryRows.of(completed.jobId()).get(0);
        assertThat(delivery.status).isEqualTo(DeliveryStatus.SENT);
        assertThat(delivery.attempts).isEqualTo(1);
        assertThat(delivery.linkExpiresAt).isEqualTo(claims.expiresAt());
        assertThat(delivery.messageId).isEqualTo(email.messageId());
        assertThat(delivery.notifiedAt).isNotNull();
    }

    @Test
    void germanEmailSpeaksGermanInTheRecipientsTimeZone() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("de-DE", "Europe/Berlin"));

        kafka.publish(completed);

        Email email = emailTo(completed);
        assertThat(email.subject()).isEqualTo("Ihr Export „Orders“ ist fertig");
        assertThat(email.text())
                .contains("Hallo,")
                .contains("orders-2025-03-05.csv (CSV): 1.234.567 Zeilen, 5,1 MB")
                .contains("Hier können Sie Ihre Datei herunterladen:");
        assertThat(email.html()).contains("lang=\"de\"").contains("orders-2025-03-05.csv herunterladen");

        String link = email.linkContaining("/d/");
        LinkClaims claims = apiTokens.verify(link.substring(link.lastIndexOf('/') + 1));
        var expiry = claims.expiresAt().atZone(ZoneId.of("Europe/Berlin"));
        assertThat(email.text()).contains("Der Link funktioniert bis "
                + DateTimeFormatter.ofPattern("d. MMMM yyyy", Locale.GERMAN).format(expiry))
                .contains(DateTimeFormatter.ofPattern("HH:mm").format(expiry) + " (Europe/Berlin)");
        awaitOneNotifiedRecord(completed.jobId());
    }

    private Email emailTo(ExportCompleted completed) {
        return awaitOneEmailTo(completed.requester().email());
    }
}
