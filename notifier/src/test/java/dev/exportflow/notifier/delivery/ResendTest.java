package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.link.DownloadLinkTokens;
import dev.exportflow.events.link.LinkClaims;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/** POST /api/exports/{id}/resend → ExportResendRequested → the "ready" email again, once per request. */
@QuarkusTest
class ResendTest extends NotifierTest {

    private final DownloadLinkTokens apiTokens = new DownloadLinkTokens(stack.endpoints().linkSigningKey(), null,
            Clock.systemUTC());

    @Test
    void everyResendRequestIsOneMoreEmailWithAFreshLinkAndARedeliveredOneIsNot() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("de", "Europe/Berlin"));
        String address = completed.requester().email();
        kafka.publish(completed);
        Email original = awaitOneEmailTo(address);
        ExportResendRequested first = ExportEvents.resend(completed);

        kafka.publish(first);

        Email again = await().atMost(DELIVERY).until(() -> mailbox.messagesFor(address), hasSize(2)).get(1);
        assertThat(again.subject()).isEqualTo("Ihr Export „Orders“ ist fertig").isEqualTo(original.subject());
        assertThat(again.messageId()).isNotEqualTo(original.messageId());
        assertThat(again.attachmentNames()).isEmpty();
        LinkClaims claims = claimsOf(again);
        assertThat(claims.jobId()).isEqualTo(completed.jobId());
        assertThat(claims.generation()).isEqualTo(completed.generation());
        assertThat(claims.expiresAt()).isAfterOrEqualTo(claimsOf(original).expiresAt());

        double duplicates = count("exportflow.notifier.events.duplicate", "kind", "resend");
        kafka.publish(first);
        await().atMost(DELIVERY).until(
                () -> count("exportflow.notifier.events.duplicate", "kind", "resend") >= duplicates + 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> mailbox.messagesFor(address),
                hasSize(2));

        ExportResendRequested second = ExportEvents.resend(completed);
        kafka.publish(second);
        await().atMost(DELIVERY).until(() -> mailbox.messagesFor(address), hasSize(3));

        var notified = await().atMost(DELIVERY).until(() -> notifiedRecords(completed.jobId()), hasSize(3));
        assertThat(notified).extracting(record -> ((ExportNotified) kafka.event(record)).about()).containsOnly("completed");
        assertThat(notified).extracting(record -> ((ExportNotified) kafka.event(record)).outcome())
                .containsOnly(ExportNotified.Outcome.SENT);
        assertThat(notified).extracting(record -> CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID))
                .doesNotHaveDuplicates();
        List<Delivery> rows = DeliveryRows.of(completed.jobId());
        assertThat(rows).extracting(row -> row.kind + "/" + row.requestId + "/" + row.status)
                .containsExactlyInAnyOrder("COMPLETED/null/SENT", "RESEND/" + first.requestId() + "/SENT",
                        "RESEND/" + second.requestId() + "/SENT");
    }

    private LinkClaims claimsOf(Email email) {
        String link = email.linkContaining("/d/");
        return apiTokens.verify(link.substring(link.lastIndexOf('/') + 1));
    }
}
