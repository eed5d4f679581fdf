package dev.exportflow.notifier.support;

import java.util.List;
import java.util.UUID;

import dev.exportflow.notifier.delivery.Delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Reads the delivery log the way an operator would: straight from the database. */
public final class DeliveryRows {

    private DeliveryRows() {
    }

    public static List<Delivery> of(UUID jobId) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list("jobId = ?1 order by receivedAt", jobId));
    }
}
