package dev.exportflow.notifier.mail;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportFormat;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.notifier.link.DownloadLink;
import dev.exportflow.notifier.link.DownloadLinks;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the emails: HTML and plain text from the same template pair, in the recipient's language.
 * Subjects name the dataset, never the person; nothing is ever attached: the link is the delivery.
 */
@ApplicationScoped
public class EmailComposer {

    private static final String MESSAGE_ID = "Message-ID";

    private final MailConfig config;
    private final DownloadLinks links;

    public EmailComposer(MailConfig config, DownloadLinks links) {
        this.config = config;
        this.links = links;
    }

    public Mail completed(ExportCompleted event, String recipient, DownloadLink link) {
        return ready(event.requester(), event.datasetTitle(), event.dataset(), event.fileName(), event.rows(),
                event.bytes(), recipient, link, messageId(event.jobId(), event.generation(), "completed"));
    }

    /** The "ready" email again, for a resend request: its own Message-ID, so that no mail client hides it. */
    public Mail resent(ExportResendRequested event, String recipient, DownloadLink link) {
        return ready(event.requester(), event.datasetTitle(), event.dataset(), event.fileName(), event.rows(),
                event.bytes(), recipient, link, messageId(event.jobId(), event.generation(), "resend." + event.requestId()));
    }

    public Mail failed(ExportFailed event, String recipient) {
        RecipientFormat format = RecipientFormat.of(event.requester());
        String message = event.message() == null || event.message().isBlank()
                ? messages(format).unexplainedFailure() : event.message();
        FailedEmail email = new FailedEmail(format.language(), title(event.datasetTitle(), event.dataset()),
                message, event.retryable(), event.jobId().toString(), links.history());
        return mail(() -> ExportEmails.failed(email), format.locale(), recipient,
                messages(format).failedSubject(email.datasetTitle()),
                messageId(event.jobId(), event.generation(), "failed"));
    }

    /** The Message-ID header a composed email carries. */
    public static String messageIdOf(Mail mail) {
        List<String> values = mail.getHeaders().get(MESSAGE_ID);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private Mail ready(Requester requester, String datasetTitle, String dataset, String fileName, long rows, long bytes,
            String recipient, DownloadLink link, String messageId) {
        RecipientFormat format = RecipientFormat.of(requester);
        CompletedEmail email = new CompletedEmail(format.language(), title(datasetTitle, dataset), fileName,
                fileFormat(fileName, messages(format)), format.count(rows), rows, format.size(bytes), link.url(),
                format.dateTime(link.expiresAt()), links.history());
        return mail(() -> ExportEmails.completed(email), format.locale(), recipient,
                messages(format).completedSubject(email.datasetTitle()), messageId);
    }

    /**
     * The same id for every attempt at one email, so that a mail client that sees a duplicate (the one left
     * after a crash between the server's acceptance and our commit) can collapse it.
     */
    private String messageId(UUID jobId, int generation, String which) {
        return "<" + jobId + "." + generation + "." + which + "@" + domainOf(config.from()) + ">";
    }

    private Mail mail(Supplier<TemplateInstance> template, Locale locale, String recipient, String subject,
            String messageId) {
        Mail mail = new Mail()
                .setFrom(config.from())
                .setTo(List.of(recipient))
                .setSubject(subject)
                .setText(render(template.get(), locale, Variant.TEXT_PLAIN))
                .setHtml(render(template.get(), locale, Variant.TEXT_HTML))
                .addHeader(MESSAGE_ID, messageId)
                .addHeader("Auto-Submitted", "auto-generated");
        config.replyTo().ifPresent(mail::setReplyTo);
        return mail;
    }

    @SuppressWarnings("unchecked")
    private static String render(TemplateInstance instance, Locale locale, String contentType) {
        List<Variant> variants = (List<Variant>) instance.getAttribute(TemplateInstance.VARIANTS);
        Variant variant = variants.stream()
                .filter(candidate -> candidate.getContentType().equals(contentType))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + contentType + " variant of the email template"));
        return instance.setLocale(locale).setVariant(variant).render();
    }

    private static EmailMessages messages(RecipientFormat format) {
        return MessageBundles.get(EmailMessages.class, Localized.Literal.of(format.language()));
    }

    /** What the email calls the file's format, read from its name (the worker names it by its format). */
    private static String fileFormat(String fileName, EmailMessages messages) {
        return ExportFormat.ofFileName(fileName).map(format -> {
            String name = switch (format) {
                case CSV -> messages.csvFile();
                case XLSX -> messages.xlsxFile();
                case JSONL -> messages.jsonlFile();
            };
            return ExportFormat.isGzipped(fileName) ? messages.gzipped(name) : name;
        }).orElse(null);
    }

    private static String title(String datasetTitle, String dataset) {
        return datasetTitle == null || datasetTitle.isBlank() ? dataset : datasetTitle;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "exportflow.local" : address.substring(at + 1);
        return domain.replaceAll("[>\\s].*$", "");
    }
}
