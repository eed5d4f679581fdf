package dev.exportflow.api.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An event waiting to be relayed to Kafka, written in the same transaction as the state change that
 * caused it. Its id becomes the CloudEvents {@code ce_id}, so a re-publication keeps the same id.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Publication order; a database sequence, filled on insert. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    /** The job id: record key, so all events of a job share a partition. */
    @Column(name = "aggregate_id", nullable = false)
    public UUID aggregateId;

    @Column(nullable = false)
    public String topic;

    /** CloudEvents type, e.g. {@code dev.exportflow.export.requested.v1}. */
    @Column(name = "event_type", nullable = false)
    public String eventType;

    /** The event as JSON (EventJson). */
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** When Kafka refused the row for good; such a row is never sent again (docs/operations.md: re-drive it). */
    @Column(name = "quarantined_at")
    public Instant quarantinedAt;

    /** Why Kafka refused it, e.g. {@code RecordTooLargeException: ...}. */
    @Column(name = "quarantine_reason")
    public String quarantineReason;

    /** The trace of the request that caused the event (W3C {@code traceparent}); null outside a trace. */
    @Column(name = "trace_parent")
    public String traceParent;
}
