package dev.exportflow.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.link.DownloadLinkTokens;
import dev.exportflow.events.link.LinkClaims;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * An event that tries to smuggle a link into the email: markup in the title and file name (a web address there is
 * refused, see RefusedEventTest), and a bucket and object key of someone else's file. The email shows the text as
 * text; its only link targets are the export history and a download link signed here for the event's job and
 * generation, whatever the event says about the file.
 */
@QuarkusTest
class UntrustedTextTest extends NotifierTest {

    private static final Pattern HREF = Pattern.compile("(?:href|src)\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final String TITLE = "Orders\"><a href=\"//evil.example/d/forged\">Click here</a>";
    private static final String FILE_NAME = "orders.csv\" onclick=\"x\"><img src=\"//evil.example/t.png\">";

    private final DownloadLinkTokens apiTokens = new DownloadLinkTokens(stack.endpoints().linkSigningKey(), null,
            Clock.systemUTC());

    @Test
    void theOnlyLinksAreOursAndTheDownloadLinkIsSignedForTheEventsJob() {
        ExportCompleted hostile = hostile(ExportEvents.completed(ExportEvents.requester("en", null)));

        kafka.publish(hostile);

        assertOnlyOurLinks(awaitOneEmailTo(hostile.requester().email()), hostile.jobId(), hostile.generation());
    }

    @Test
    void aResendCarriesTheSameGuarantee() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        ExportResendRequested resend = ExportEvents.resend(completed);
        ExportResendRequested hostile = new ExportResendRequested(resend.jobId(), 3, resend.occurredAt(),
                resend.requestId(), resend.requester(), "orders", TITLE, FILE_NAME, "text/html", resend.rows(),
                resend.bytes(), resend.sha256());

        kafka.publish(hostile);

        assertOnlyOurLinks(awaitOneEmailTo(hostile.requester().email()), hostile.jobId(), 3);
    }

    private void assertOnlyOurLinks(Email email, UUID jobId, int generation) {
        String base = DevStackTestResource.TEST_API_BASE_URL;
        List<String> targets = targets(email.html());
        assertThat(targets).isNotEmpty().allSatisfy(target -> assertThat(target).startsWith(base + "/"));
        assertThat(email.html()).doesNotContain("<a href=\"//evil.example").doesNotContain("<img")
                .contains("&lt;a href=&quot;//evil.example/d/forged&quot;&gt;");
        assertThat(email.textLinks()).allSatisfy(target -> assertThat(target).startsWith(base + "/"));
        String link = email.linkContaining("/d/");
        assertThat(link).startsWith(base + "/d/").doesNotContain("forged");
        assertThat(targets).contains(link);
        LinkClaims claims = apiTokens.verify(link.substring(link.lastIndexOf('/') + 1));
        assertThat(claims.jobId()).isEqualTo(jobId);
        assertThat(claims.generation()).isEqualTo(generation);
        assertThat(claims.expiresAt()).isAfter(Instant.now());
        assertThat(email.text()).contains(TITLE).contains(FILE_NAME);
        assertThat(email.attachmentNames()).isEmpty();
    }

    /** What the HTML links to or loads: every {@code href} and {@code src}. */
    private static List<String> targets(String html) {
        List<String> targets = new ArrayList<>();
        Matcher matcher = HREF.matcher(html);
        while (matcher.find()) {
            targets.add(matcher.group(1).replace("&amp;", "&"));
        }
        return targets;
    }

    private static ExportCompleted hostile(ExportCompleted completed) {
        UUID someoneElsesJob = UUID.randomUUID();
        return new ExportCompleted(completed.jobId(), 2, completed.occurredAt(), completed.requester(), "orders", TITLE,
                "someone-elses-bucket", "exports/" + someoneElsesJob + "/1/payroll.csv", FILE_NAME, "text/html",
                completed.rows(), completed.bytes(), completed.sha256(), null);
    }
}
