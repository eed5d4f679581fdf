package dev.exportflow.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.notifier.link.DownloadLink;
import dev.exportflow.notifier.link.DownloadLinks;
import dev.exportflow.notifier.mail.EmailComposer;
import dev.exportflow.notifier.mail.EmailSender;
import dev.exportflow.notifier.mail.MailConfig;
import dev.exportflow.notifier.mail.SendResult;

import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes one attempt at the email that is due the longest, in one transaction that locks its delivery row
 * ({@code for update skip locked}), talks to the SMTP server and records the outcome in the row.
 *
 * <p>A crash before the commit leaves the row PENDING and the email is tried again; the only way to a second email
 * is a crash in the moment between the server's acceptance and the commit (see docs/notifier.md). An email the server
 * accepted whose row could not be marked (the database went away meanwhile) is remembered until the mark commits: the
 * next attempt at that row records it as sent instead of sending it again. A transient failure
 * parks the row until its next attempt ({@link RetryPolicy}), so one unreachable mailbox never holds back anyone
 * else's email.
 */
@ApplicationScoped
public class DeliveryAttempts {

    private static final int MAX_REASON_LENGTH = 2000;
    /** How long an accepted email whose row was not marked is remembered: another replica may have sent it since. */
    private static final Duration REMEMBERED = Duration.ofHours(1);

    private final DeliveryLog log;
    private final EmailComposer composer;
    private final EmailSender sender;
    private final DownloadLinks links;
    private final RetryPolicy retryPolicy;
    private final DeliveryMetrics metrics;
    private final int transactionTimeoutSeconds;
    /** Emails the SMTP server accepted whose row is not marked SENT yet, by delivery. */
    private final Map<UUID, Accepted> acceptedUnmarked = new ConcurrentHashMap<>();

    public DeliveryAttempts(DeliveryLog log, EmailComposer composer, EmailSender sender, DownloadLinks links,
            RetryPolicy retryPolicy, DeliveryMetrics metrics, MailConfig mailConfig) {
        this.log = log;
        this.composer = composer;
        this.sender = sender;
        this.links = links;
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
        this.transactionTimeoutSeconds = (int) mailConfig.sendTimeout().toSeconds() + 30;
    }

    /** The attempt at the email due the longest, or empty when none is due (or every due one is locked elsewhere). */
    public Optional<Attempt> attemptNextDue() {
        Optional<Attempt> attempt = QuarkusTransaction.requiringNew().timeout(transactionTimeoutSeconds)
                .call(() -> log.lockNextDue().map(this::attempt));
        attempt.ifPresent(done -> acceptedUnmarked.remove(done.deliveryId()));
        return attempt;
    }

    private Attempt attempt(Delivery delivery) {
        Instant now = Instant.now();
        Accepted accepted = acceptedUnmarked.get(delivery.id);
        if (accepted != null) {
            delivery.attempts = accepted.attempt();
            delivery.sent(accepted.at(), accepted.messageId(), accepted.linkExpiresAt());
            Log.infof("job %s generation %d: the %s email the mail server accepted at %s is recorded as sent now; it is"
                    + " not sent again", delivery.jobId, delivery.generation, delivery.kind.label(), accepted.at());
            return Attempt.done(delivery);
        }
        delivery.attempts++;
        DownloadLink link = delivery.kind.hasLink() ? links.download(delivery.jobId, delivery.generation, now) : null;
        Optional<Mail> mail = Optional.empty();
        SendResult result;
        if (delivery.recipient == null || delivery.recipient.isBlank()) {
            result = SendResult.permanentFailure("The export has no email address to send to.");
        } else {
            mail = compose(delivery, link);
            result = mail.map(email -> sender.send(email, delivery.jobId))
                    .orElseGet(() -> SendResult.permanentFailure("The email could not be written."));
        }
        if (result instanceof SendResult.Failed failed) {
            failed(delivery, failed, now);
        } else {
            Accepted sent = new Accepted(delivery.attempts, now, mail.map(EmailComposer::messageIdOf).orElse(null),
                    link == null ? null : link.expiresAt());
            remember(delivery.id, sent);
            delivery.sent(sent.at(), sent.messageId(), sent.linkExpiresAt());
            metrics.sent(delivery.kind);
            Log.infof("job %s generation %d: %s email sent (attempt %d)", delivery.jobId, delivery.generation,
                    delivery.kind.label(), delivery.attempts);
        }
        return delivery.status == DeliveryStatus.PENDING ? new Attempt(delivery.id, delivery.jobId, false, null)
                : Attempt.done(delivery);
    }

    /** The email, or empty when it cannot be written: retrying would not change that. */
    private Optional<Mail> compose(Delivery delivery, DownloadLink link) {
        try {
            ExportEvent event = delivery.readEvent();
            if (event instanceof ExportCompleted completed) {
                return Optional.of(composer.completed(completed, delivery.recipient, link));
            }
            if (event instanceof ExportResendRequested resend) {
                return Optional.of(composer.resent(resend, delivery.recipient, link));
            }
            return Optional.of(composer.failed((ExportFailed) event, delivery.recipient));
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s generation %d: the %s email cannot be written", delivery.jobId, delivery.generation,
                    delivery.kind.label());
            return Optional.empty();
        }
    }

    private void failed(Delivery delivery, SendResult.Failed failure, Instant now) {
        String reason = truncate(failure.reason());
        if (failure.permanent()) {
            delivery.failed(now, reason);
            metrics.failed(delivery.kind, "refused");
            Log.warnf("job %s generation %d: %s email refused, not retried: %s", delivery.jobId, delivery.generation,
                    delivery.kind.label(), reason);
        } else if (!retryPolicy.mayRetry(delivery.attempts)) {
            delivery.gaveUp(now, truncate("Gave up after " + delivery.attempts + " attempts. " + reason));
            metrics.failed(delivery.kind, "gave-up");
            Log.errorf("job %s generation %d: %s email given up after %d attempts: %s", delivery.jobId,
                    delivery.generation, delivery.kind.label(), delivery.attempts, reason);
        } else {
            Instant next = now.plus(retryPolicy.delayAfter(delivery.attempts));
            delivery.retryAt(next, reason);
            metrics.retried(delivery.kind);
            Log.warnf("job %s generation %d: %s email attempt %d failed, next attempt at %s: %s", delivery.jobId,
                    delivery.generation, delivery.kind.label(), delivery.attempts, next, reason);
        }
    }

    /** Until the mark commits (then {@link #attemptNextDue()} forgets it); what is older than an hour is dropped. */
    private void remember(UUID deliveryId, Accepted accepted) {
        acceptedUnmarked.values().removeIf(earlier -> earlier.at().isBefore(accepted.at().minus(REMEMBERED)));
        acceptedUnmarked.put(deliveryId, accepted);
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }

    /** What the mail server accepted, as the row records it. */
    private record Accepted(int attempt, Instant at, String messageId, Instant linkExpiresAt) {
    }

    /**
     * One attempt at one delivery; {@code finished} once it is SENT or FAILED for good.
     *
     * @param announcement what announcing the finished delivery publishes; null while it is PENDING, and for one given
     *        up, whose announcement also parks it in the DLQ and so goes through the row's lock
     *        ({@link dev.exportflow.notifier.delivery.messaging.NotificationPublisher#announce})
     */
    public record Attempt(UUID deliveryId, UUID jobId, boolean finished, Delivery.Announcement announcement) {

        /** The attempt that finished the delivery (SENT, or FAILED for good). */
        static Attempt done(Delivery delivery) {
            return new Attempt(delivery.id, delivery.jobId, true, delivery.givenUp ? null : delivery.announcement());
        }
    }
}
