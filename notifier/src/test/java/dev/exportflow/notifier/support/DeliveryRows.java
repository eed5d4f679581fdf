package dev.exportflow.notifier.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.notifier.delivery.Delivery;
import dev.exportflow.notifier.delivery.DeliveryStatus;
import dev.exportflow.notifier.delivery.EmailKind;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Reads the delivery log the way an operator would, straight from the database; makes rows as a crash or age leaves them. */
public final class DeliveryRows {

    private DeliveryRows() {
    }

    public static List<Delivery> of(UUID jobId) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list("jobId = ?1 order by receivedAt", jobId));
    }

    /** The completed email's delivery in {@code status}, received at {@code receivedAt}, not persisted yet. */
    public static Delivery completed(ExportCompleted completed, DeliveryStatus status, Instant receivedAt) {
        Delivery delivery = new Delivery();
        delivery.id = UUID.randomUUID();
        delivery.jobId = completed.jobId();
        delivery.generation = completed.generation();
        delivery.kind = EmailKind.COMPLETED;
        delivery.recipient = completed.requester().email();
        delivery.event = EventJson.writeString(completed);
        delivery.status = status;
        delivery.receivedAt = receivedAt;
        return delivery;
    }
}
