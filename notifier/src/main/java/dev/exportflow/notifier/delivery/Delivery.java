package dev.exportflow.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.serde.EventJson;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * One email the notifier owes. At most one row per job, generation and kind (and per request for a
 * resend): unique indexes make redelivered and replayed events find the row and send nothing. The row
 * also parks the email between retries and is the outbox of its {@link ExportNotified} ({@code notifiedAt}).
 * An update writes only the columns that changed: an attempt does not write the event's JSON again.
 */
@Entity
@Table(name = "delivery")
@DynamicUpdate
public class Delivery extends PanacheEntityBase {

    /** What {@code ExportNotified.channel} says for these deliveries. */
    public static final String CHANNEL = "email";

    @Id
    public UUID id;
    public UUID jobId;
    public int generation;
    @Enumerated(EnumType.STRING)
    public EmailKind kind;
    /** The resend request this email answers; null for the completed and failed emails. */
    public UUID requestId;
    /** As the event gave it; null or malformed addresses are kept so that the failure can name them. */
    public String recipient;
    /** The event as received (JSON), so that every attempt writes the same email. */
    public String event;
    @Enumerated(EnumType.STRING)
    public DeliveryStatus status;
    public int attempts;
    public Instant nextAttemptAt;
    /** The last failure; for a FAILED delivery, the reason the user is shown. */
    public String lastError;
    public Instant linkExpiresAt;
    public String messageId;
    public Instant receivedAt;
    public Instant finishedAt;
    /** FAILED because the attempts ran out; such a delivery is also published to the notifier's DLQ. */
    public boolean givenUp;
    /** The trace of the event that asked for the email (W3C {@code traceparent}); ExportNotified continues it. */
    public String traceParent;
    /** When Kafka acknowledged the ExportNotified event for this delivery; null while it is owed. */
    public Instant notifiedAt;

    public ExportEvent readEvent() {
        return EventJson.read(event.getBytes(StandardCharsets.UTF_8), kind.eventClass());
    }

    void sent(Instant at, String sentMessageId, Instant sentLinkExpiresAt) {
        status = DeliveryStatus.SENT;
        finishedAt = at;
        nextAttemptAt = null;
        messageId = sentMessageId;
        linkExpiresAt = sentLinkExpiresAt;
    }

    void failed(Instant at, String reason) {
        status = DeliveryStatus.FAILED;
        finishedAt = at;
        nextAttemptAt = null;
        lastError = reason;
    }

    void gaveUp(Instant at, String reason) {
        failed(at, reason);
        givenUp = true;
    }

    void retryAt(Instant at, String reason) {
        nextAttemptAt = at;
        lastError = reason;
    }

    /** The event that tells the api how this delivery ended; the same every time it is built. */
    private ExportNotified toNotified() {
        boolean sent = status == DeliveryStatus.SENT;
        return new ExportNotified(jobId, generation, finishedAt, CHANNEL, kind.about(), recipient,
                sent ? ExportNotified.Outcome.SENT : ExportNotified.Outcome.FAILED, sent ? null : lastError);
    }

    /** What announcing this finished delivery publishes, taken while its row is at hand. */
    public Announcement announcement() {
        return new Announcement(id, kind, toNotified(), notificationDiscriminator(), traceParent);
    }

    /**
     * Tells apart the ExportNotified events of one job generation, for their {@code ce_id}: the same for every
     * publication of one outcome of one email, different for a resend, and for a FAILED delivery that an
     * operator sent again.
     */
    private String notificationDiscriminator() {
        String outcome = status == DeliveryStatus.SENT ? "sent" : "failed";
        return kind.label() + "/" + outcome + (requestId == null ? "" : "/" + requestId);
    }

    /**
     * The {@link ExportNotified} of one finished delivery and what its record carries.
     *
     * @param discriminator see {@link #notificationDiscriminator()}
     * @param traceParent the trace the event continues, or null
     */
    public record Announcement(UUID deliveryId, EmailKind kind, ExportNotified event, String discriminator,
            String traceParent) {
    }
}
