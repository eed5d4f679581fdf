package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Deliveries are kept 8 days (one longer than the topics they answer) and then pruned, in batches, once they are
 * finished and announced; an email still owed is kept however old it is.
 */
@QuarkusTest
class DeliveryRetentionTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Inject
    DeliveryPruner pruner;

    @Inject
    EntityManager entityManager;

    @Test
    void finishedAndAnnouncedDeliveriesOlderThanEightDaysArePrunedAndNothingOwedIs() {
        Delivery nineDaysOld = finished(DeliveryStatus.SENT, NOW.minus(Duration.ofDays(9)));
        Delivery givenUpNineDaysAgo = finished(DeliveryStatus.FAILED, NOW.minus(Duration.ofDays(9)));
        givenUpNineDaysAgo.givenUp = true;
        Delivery sevenDaysOld = finished(DeliveryStatus.SENT, NOW.minus(Duration.ofDays(7)));
        Delivery parkedForNineDays = pending(NOW.minus(Duration.ofDays(9)));
        QuarkusTransaction.requiringNew().run(() -> {
            nineDaysOld.persist();
            givenUpNineDaysAgo.persist();
            sevenDaysOld.persist();
            parkedForNineDays.persist();
        });
        int oldBatch = DeliveryPruner.BATCH + 1;
        QuarkusTransaction.requiringNew().run(() -> insertOldAnnouncedDeliveries(oldBatch));

        int pruned = pruner.prune();

        assertThat(pruned).isGreaterThanOrEqualTo(oldBatch + 2);
        assertThat(DeliveryRows.of(nineDaysOld.jobId)).isEmpty();
        assertThat(DeliveryRows.of(givenUpNineDaysAgo.jobId)).isEmpty();
        assertThat(DeliveryRows.of(sevenDaysOld.jobId)).singleElement();
        assertThat(DeliveryRows.of(parkedForNineDays.jobId)).singleElement()
                .satisfies(delivery -> assertThat(delivery.status).isEqualTo(DeliveryStatus.PENDING));
        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select count(*) from delivery where finished_at < now() - interval '8 days' and notified_at is not null")
                .getSingleResult())).isEqualTo(0L);
        assertThat(pruner.prune()).isZero();
    }

    /** {@code count} rows finished and announced ten days ago, more than one batch. */
    private void insertOldAnnouncedDeliveries(int count) {
        entityManager.createNativeQuery("""
                insert into delivery (id, job_id, generation, kind, recipient, event, status, attempts, received_at,
                                      finished_at, notified_at)
                select gen_random_uuid(), gen_random_uuid(), 1, 'COMPLETED', 'old@example.com', '{}', 'SENT', 1,
                       now() - interval '10 days', now() - interval '10 days', now() - interval '10 days'
                from generate_series(1, :count)
                """).setParameter("count", count).executeUpdate();
    }

    private static Delivery finished(DeliveryStatus status, Instant finishedAt) {
        Delivery delivery = DeliveryRows.completed(newExport(), status, finishedAt);
        delivery.attempts = 1;
        delivery.finishedAt = finishedAt;
        delivery.notifiedAt = finishedAt.plusSeconds(1);
        return delivery;
    }

    /** An email parked since {@code receivedAt}, its next attempt an hour away. */
    private static Delivery pending(Instant receivedAt) {
        Delivery delivery = DeliveryRows.completed(newExport(), DeliveryStatus.PENDING, receivedAt);
        delivery.nextAttemptAt = NOW.plus(Duration.ofHours(1));
        return delivery;
    }

    private static ExportCompleted newExport() {
        return ExportEvents.completed(ExportEvents.requester("en", null));
    }
}
