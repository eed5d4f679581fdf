package dev.exportflow.api.outbox;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Takes a row Kafka refused for good out of the relay's way: it keeps its reason and is never sent again
 * (docs/operations.md says how to look at it and send it again). Observers of {@link OutboxQuarantined} act on its job
 * in the same transaction; once that committed, the row is logged and counted
 * ({@code exportflow_outbox_quarantined_total{event_type}}).
 */
@ApplicationScoped
public class OutboxQuarantine {

    private static final int MAX_REASON = 2000;

    private final Event<OutboxQuarantined> quarantined;
    private final MeterRegistry metrics;
    private final OutboxRows rows;

    public OutboxQuarantine(Event<OutboxQuarantined> quarantined, MeterRegistry metrics, OutboxRows rows) {
        this.quarantined = quarantined;
        this.metrics = metrics;
        this.rows = rows;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void quarantine(OutboxEvent row, String reason, Instant at) {
        row.quarantinedAt = at;
        row.quarantineReason = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
        rows.quarantine(row);
        quarantined.fire(new OutboxQuarantined(row.id, row.aggregateId, row.eventType, row.quarantineReason));
    }

    void counted(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxQuarantined row) {
        metrics.counter("exportflow.outbox.quarantined", "event_type", row.eventType()).increment();
        Log.errorf("job %s: outbox row %s (%s) quarantined, Kafka refuses it for good: %s", row.jobId(), row.rowId(),
                row.eventType(), row.reason());
    }
}
