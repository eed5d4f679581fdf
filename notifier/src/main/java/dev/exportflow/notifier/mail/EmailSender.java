package dev.exportflow.notifier.mail;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands one email to the SMTP server and says whether trying again could help. */
@ApplicationScoped
public class EmailSender {

    /** Deliberately loose: the mail server has the last word, this only catches what is clearly no address. */
    private static final String ATOM = "[^\\s@<>()\\[\\],;:\"]+";
    private static final Pattern ADDRESS = Pattern.compile("^" + ATOM + "@" + ATOM + "\\." + ATOM + "$");

    private final ReactiveMailer mailer;
    private final MailConfig config;
    private final MeterRegistry registry;

    public EmailSender(ReactiveMailer mailer, MailConfig config, MeterRegistry registry) {
        this.mailer = mailer;
        this.config = config;
        this.registry = registry;
    }

    public static boolean isAddress(String recipient) {
        return recipient != null && ADDRESS.matcher(recipient).matches();
    }

    /** Blocks for at most the configured send timeout; call it from a worker thread. */
    public SendResult send(Mail mail, UUID jobId) {
        String recipient = String.join(", ", mail.getTo());
        if (!mail.getTo().stream().allMatch(EmailSender::isAddress)) {
            return SendResult.permanentFailure("'" + recipient + "' is not a valid email address.");
        }
        Timer.Sample sample = Timer.start(registry);
        SendResult result;
        try {
            mailer.send(mail).await().atMost(config.sendTimeout());
            result = SendResult.sent();
        } catch (RuntimeException e) {
            result = classify(e, recipient);
            Log.debugf(e, "job %s: sending failed", jobId);
        }
        sample.stop(registry.timer("exportflow.notifier.emails.send", "result", outcome(result)));
        return result;
    }

    static SendResult classify(Throwable failure, String recipient) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                String answer = smtp.getReplyCode() + " " + smtp.getReplyMessage();
                return smtp.isPermanent()
                        ? SendResult.permanentFailure("The mail server refused the email to " + recipient + ": " + answer)
                        : SendResult.transientFailure("The mail server asked to try again later: " + answer);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return SendResult.transientFailure("The mail server could not be reached: " + cause.getMessage());
            }
            if (cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException) {
                return SendResult.transientFailure("The mail server did not answer in time.");
            }
        }
        return SendResult.transientFailure("Sending failed: " + describe(failure));
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String outcome(SendResult result) {
        if (result instanceof SendResult.Failed failed) {
            return failed.permanent() ? "refused" : "transient";
        }
        return "sent";
    }
}
