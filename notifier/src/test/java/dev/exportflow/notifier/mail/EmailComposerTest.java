package dev.exportflow.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.Requester;
import dev.exportflow.notifier.link.DownloadLink;
import dev.exportflow.notifier.support.ExportEvents;

import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** What the templates make of unusual input, checked on the rendered email before any SMTP server sees it. */
@QuarkusTest
class EmailComposerTest {

    private static final DownloadLink LINK = new DownloadLink("http://127.0.0.1:8080/d/token",
            Instant.parse("2025-03-05T13:30:00Z"));

    @Inject
    EmailComposer composer;

    @Test
    void textFromEventsIsEscapedInHtmlButNotInPlainText() {
        ExportFailed failed = withTitleAndMessage(ExportEvents.failed(ExportEvents.requester("en", null), "x", false),
                "<b>Orders</b>", "Column \"a\" < 5 & <script>alert(1)</script>");

        Mail mail = composer.failed(failed, "someone@example.com");

        assertThat(mail.getHtml())
                .doesNotContain("<script>")
                .doesNotContain("<b>Orders</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;b&gt;Orders&lt;/b&gt;");
        assertThat(mail.getText()).contains("Column \"a\" < 5 & <script>alert(1)</script>");
        assertThat(mail.getSubject()).isEqualTo("Your export \"<b>Orders</b>\" could not be created");
    }

    @Test
    void unsupportedLanguageAndUnknownZoneFallBackToEnglishAndUtc() {
        ExportCompleted completed = ExportEvents.completed(
                new Requester("u1", "u1@example.com", "fr-FR", "acme", "Mars/Olympus"));

        Mail mail = composer.completed(completed, "u1@example.com", LINK);

        assertThat(mail.getSubject()).isEqualTo("Your export \"Orders\" is ready");
        assertThat(mail.getText()).contains("The link works until March 5, 2025, 1:30 PM (UTC).");
    }

    @Test
    void germanExpiryIsShownInTheRecipientsZone() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("de-DE", "Europe/Berlin"));

        Mail mail = composer.completed(completed, "u1@example.com", LINK);

        assertThat(mail.getText()).contains("Der Link funktioniert bis 5. März 2025, 14:30 (Europe/Berlin).");
        assertThat(mail.getHtml()).contains("href=\"http://127.0.0.1:8080/d/token\"");
    }

    @Test
    void oneRowIsSingularAndTinyFilesAreCountedInBytes() {
        ExportCompleted english = ExportEvents.completed(ExportEvents.requester("en", null), 1, 312);
        ExportCompleted german = ExportEvents.completed(ExportEvents.requester("de", null), 1, 312);

        assertThat(composer.completed(english, "a@example.com", LINK).getText()).contains(": 1 row, 312 B");
        assertThat(composer.completed(german, "a@example.com", LINK).getText()).contains(": 1 Zeile, 312 B");
    }

    @Test
    void theEmailNamesTheFilesFormatInTheRecipientsLanguage() {
        ExportCompleted workbook = withFileName(ExportEvents.completed(ExportEvents.requester("en", null), 1, 312),
                "orders-2025-03-05.xlsx");
        ExportCompleted lines = withFileName(ExportEvents.completed(ExportEvents.requester("de", null), 1, 312),
                "orders-2025-03-05.jsonl.gz");
        ExportCompleted csv = ExportEvents.completed(ExportEvents.requester("en", null), 1, 312);

        assertThat(composer.completed(workbook, "a@example.com", LINK).getText())
                .contains("orders-2025-03-05.xlsx (Excel workbook): 1 row, 312 B");
        assertThat(composer.completed(workbook, "a@example.com", LINK).getHtml())
                .contains("<strong>orders-2025-03-05.xlsx</strong> (Excel workbook): 1 row, 312 B");
        assertThat(composer.completed(lines, "a@example.com", LINK).getText())
                .contains("orders-2025-03-05.jsonl.gz (JSON Lines, gzip-komprimiert): 1 Zeile, 312 B");
        assertThat(composer.completed(csv, "a@example.com", LINK).getText())
                .contains("orders-2025-03-05.csv (CSV): 1 row, 312 B");
    }

    @Test
    void aFailureWithoutAMessageStillSaysSomethingUseful() {
        ExportFailed failed = withTitleAndMessage(ExportEvents.failed(ExportEvents.requester("en", null), "x", true),
                "Orders", null);

        assertThat(composer.failed(failed, "a@example.com").getText())
                .contains("The export stopped because of an unexpected problem.")
                .doesNotContain("null");
    }

    @Test
    void everyAttemptAtOneEmailCarriesTheSameMessageIdAndNoAttachment() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));

        Mail first = composer.completed(completed, "a@example.com", LINK);
        Mail second = composer.completed(completed, "a@example.com", LINK);

        String expected = "<" + completed.jobId() + ".1.completed@exportflow.local>";
        assertThat(first.getHeaders().get("Message-ID")).containsExactly(expected);
        assertThat(second.getHeaders().get("Message-ID")).containsExactly(expected);
        assertThat(first.getHeaders().get("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(first.getAttachments()).isEmpty();
        assertThat(first.getFrom()).isEqualTo("ExportFlow <exports@exportflow.local>");
        assertThat(first.getSubject())
                .doesNotContain(completed.requester().email())
                .doesNotContain(completed.requester().userId());
    }

    private static ExportCompleted withFileName(ExportCompleted completed, String fileName) {
        return new ExportCompleted(completed.jobId(), completed.generation(), completed.occurredAt(), completed.requester(),
                completed.dataset(), completed.datasetTitle(), completed.bucket(),
                "exports/" + completed.jobId() + "/1/" + fileName, fileName, completed.contentType(), completed.rows(),
                completed.bytes(), completed.sha256(), null);
    }

    private static ExportFailed withTitleAndMessage(ExportFailed failed, String title, String message) {
        return new ExportFailed(failed.jobId(), failed.generation(), failed.occurredAt(), failed.requester(), failed.dataset(),
                title, failed.errorCode(), message, failed.attempts(), failed.retryable());
    }
}
