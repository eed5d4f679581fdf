package dev.exportflow.notifier.delivery.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.notifier.delivery.EmailKind;
import dev.exportflow.notifier.delivery.messaging.Refusal.Reason;
import dev.exportflow.notifier.support.ExportEvents;

/** Every rule of what the notifier acts on, one record component at a time. */
class EventValidatorTest {

    private final ExportCompleted valid = ExportEvents.completed(ExportEvents.requester("de-DE", "Europe/Berlin"));

    @Test
    void eventsAsTheServicesPublishThemPass() {
        assertThat(EventValidator.check(EmailKind.COMPLETED, valid)).isEmpty();
        assertThat(EventValidator.check(EmailKind.RESEND, ExportEvents.resend(valid))).isEmpty();
        assertThat(EventValidator.check(EmailKind.FAILED,
                ExportEvents.failed(ExportEvents.requester("en", null), "The database said:\n\tno.", true))).isEmpty();
    }

    @Test
    void theJobMustBeNamed() {
        assertThat(reason(EmailKind.COMPLETED, completed(null, 1, valid.requester(), "Orders", "orders.csv")))
                .contains(Reason.JOB_ID);
        assertThat(reason(EmailKind.COMPLETED, completed(valid.jobId(), 0, valid.requester(), "Orders", "orders.csv")))
                .contains(Reason.GENERATION);
        assertThat(reason(EmailKind.COMPLETED, completed(valid.jobId(), -3, valid.requester(), "Orders", "orders.csv")))
                .contains(Reason.GENERATION);
    }

    @Test
    void aReadyEmailNeedsARequesterWithAPlausibleAddress() {
        assertThat(reason(EmailKind.COMPLETED, withRequester(null))).contains(Reason.REQUESTER);
        assertThat(reason(EmailKind.COMPLETED, withRequester(new Requester("u", null, "en", "acme", null))))
                .contains(Reason.REQUESTER);
        assertThat(reason(EmailKind.COMPLETED, withRequester(new Requester("u", " ", "en", "acme", null))))
                .contains(Reason.REQUESTER);
        for (String address : List.of("not an address@example", "a@b", "@example.com", "a@@example.com",
                "a@example.com, b@example.com", "<a@example.com>")) {
            assertThat(reason(EmailKind.COMPLETED, withRequester(new Requester("u", address, "en", "acme", null))))
                    .as(address).contains(Reason.ADDRESS);
        }
        assertThat(reason(EmailKind.COMPLETED, withRequester(new Requester("u", "a@example.com\r\nBcc: x@evil.example",
                "en", "acme", null)))).contains(Reason.CONTROL_CHARACTER);
        assertThat(reason(EmailKind.COMPLETED, withRequester(new Requester("u", "a".repeat(250) + "@example.com", "en",
                "acme", null)))).contains(Reason.TOO_LONG);
    }

    @Test
    void aFailureEmailWithoutAnAddressIsRecordedToFailVisiblyButABadAddressIsRefused() {
        ExportFailed failed = ExportEvents.failed(new Requester("u", null, "en", "acme", null), "Boom.", false);
        assertThat(EventValidator.check(EmailKind.FAILED, failed)).isEmpty();
        assertThat(EventValidator.check(EmailKind.FAILED, new ExportFailed(failed.jobId(), 1, failed.occurredAt(), null,
                "orders", "Orders", "QUERY_FAILED", "Boom.", 1, false))).isEmpty();
        ExportFailed badAddress = ExportEvents.failed(new Requester("u", "nobody", "en", "acme", null), "Boom.", false);
        assertThat(reason(EmailKind.FAILED, badAddress)).contains(Reason.ADDRESS);
    }

    @Test
    void aResendNeedsItsRequestId() {
        ExportResendRequested resend = ExportEvents.resend(valid);
        ExportResendRequested withoutRequest = new ExportResendRequested(resend.jobId(), resend.generation(),
                resend.occurredAt(), null, resend.requester(), resend.dataset(), resend.datasetTitle(), resend.fileName(),
                resend.contentType(), resend.rows(), resend.bytes(), resend.sha256());
        assertThat(reason(EmailKind.RESEND, withoutRequest)).contains(Reason.REQUEST_ID);
    }

    @Test
    void textsTheEmailShowsAreBounded() {
        assertThat(reason(EmailKind.COMPLETED, withNames("x".repeat(EventValidator.MAX_NAME), "orders.csv"))).isEmpty();
        assertThat(reason(EmailKind.COMPLETED, withNames("x".repeat(EventValidator.MAX_NAME + 1), "orders.csv")))
                .contains(Reason.TOO_LONG);
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders", "x".repeat(EventValidator.MAX_FILE_NAME + 1))))
                .contains(Reason.TOO_LONG);
        assertThat(reason(EmailKind.FAILED, ExportEvents.failed(valid.requester(),
                "x".repeat(EventValidator.MAX_MESSAGE + 1), false))).contains(Reason.TOO_LONG);
        assertThat(reason(EmailKind.COMPLETED, withRequester(new Requester("u", "u@example.com", "x".repeat(65), "acme",
                null)))).contains(Reason.TOO_LONG);
    }

    @Test
    void singleLineTextsHoldNoControlOrBidiCharacters() {
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders\r\nBcc: x@evil.example", "orders.csv")))
                .contains(Reason.CONTROL_CHARACTER);
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders", "invoice\u202Evsc.exe"))).contains(Reason.CONTROL_CHARACTER);
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders", "orders\u0000.csv"))).contains(Reason.CONTROL_CHARACTER);
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders\u2028", "orders.csv"))).contains(Reason.CONTROL_CHARACTER);
        assertThat(reason(EmailKind.COMPLETED, withNames("Bestellungen „Ü“ 🙂", "bestellungen-ä.csv"))).isEmpty();
        assertThat(reason(EmailKind.FAILED, ExportEvents.failed(valid.requester(), "a\u0007b", false)))
                .contains(Reason.CONTROL_CHARACTER);
    }

    @Test
    void textsTheEmailShowsHoldNoWebAddressButAnAddressMayNameAWebHost() {
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders, see https://evil.example/login", "orders.csv")))
                .contains(Reason.LINK);
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders", "www.evil.example.csv"))).contains(Reason.LINK);
        assertThat(reason(EmailKind.FAILED, ExportEvents.failed(valid.requester(), "Log in at HTTPS://evil.example",
                false))).contains(Reason.LINK);
        assertThat(reason(EmailKind.COMPLETED, withRequester(new Requester("u", "ada@www.example.com", "en", "acme",
                null)))).isEmpty();
        assertThat(reason(EmailKind.COMPLETED, withNames("Orders \"><a href=\"//evil.example\">x</a>", "orders.csv")))
                .as("markup is escaped when shown, not refused").isEmpty();
    }

    @Test
    void sizesAreNotNegative() {
        ExportCompleted negative = new ExportCompleted(valid.jobId(), 1, valid.occurredAt(), valid.requester(), "orders",
                "Orders", "exports", valid.objectKey(), "orders.csv", "text/csv", -1, 10, valid.sha256(), null);
        assertThat(reason(EmailKind.COMPLETED, negative)).contains(Reason.NEGATIVE_SIZE);
    }

    @Test
    void theDescriptionNamesTheFieldButNeverRepeatsItsText() {
        Refusal refusal = EventValidator.check(EmailKind.COMPLETED, withNames("Orders", "secret-\u0001.csv")).orElseThrow();
        assertThat(refusal.describe()).isEqualTo("refused (control-character): fileName holds U+0001 at position 7")
                .doesNotContain("secret");
    }

    private static Optional<Reason> reason(EmailKind kind, ExportEvent event) {
        return EventValidator.check(kind, event).map(Refusal::reason);
    }

    private ExportCompleted withRequester(Requester requester) {
        return completed(valid.jobId(), 1, requester, "Orders", "orders.csv");
    }

    private ExportCompleted withNames(String title, String fileName) {
        return completed(valid.jobId(), 1, valid.requester(), title, fileName);
    }

    private ExportCompleted completed(UUID jobId, int generation, Requester requester, String title,
            String fileName) {
        return new ExportCompleted(jobId, generation, Instant.now(), requester, "orders", title, "exports",
                valid.objectKey(), fileName, "text/csv", 10, 100, valid.sha256(), null);
    }
}
