package dev.exportflow.notifier.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.serde.EventJson;

import io.agroal.api.AgroalDataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The delivery log in PostgreSQL: what is owed, what is due, what still needs announcing. */
@ApplicationScoped
public class DeliveryLog {

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;

    public DeliveryLog(EntityManager entityManager, AgroalDataSource dataSource) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
    }

    /**
     * Records that an email is owed for this event, due at once. An email that was given up after its last attempt
     * (and whose outcome is announced) is owed again: re-publishing the event from the DLQ, or a replay, retries it.
     *
     * @param requestId the resend request, for {@link EmailKind#RESEND}; null otherwise
     * @param traceParent the trace the event came with (W3C {@code traceparent}), or null
     * @return false when that email is already owed, sent, or refused by the server: a redelivered or replayed event
     */
    @Transactional
    public boolean record(EmailKind kind, ExportEvent event, String recipient, UUID requestId, String traceParent) {
        Instant now = Instant.now();
        int inserted = entityManager.createNativeQuery("""
                insert into delivery (id, job_id, generation, kind, request_id, recipient, event, status, attempts,
                                      next_attempt_at, received_at, trace_parent)
                values (:id, :jobId, :generation, :kind, :requestId, :recipient, :event, 'PENDING', 0, :now, :now,
                        :traceParent)
                on conflict do nothing
                """)
                .setParameter("id", UUID.randomUUID())
                .setParameter("jobId", event.jobId())
                .setParameter("generation", event.generation())
                .setParameter("kind", kind.name())
                .setParameter("requestId", requestId)
                .setParameter("recipient", recipient)
                .setParameter("event", EventJson.writeString(event))
                .setParameter("now", now)
                .setParameter("traceParent", traceParent)
                .executeUpdate();
        return inserted == 1 || rearmGivenUp(kind, event, requestId, now);
    }

    private boolean rearmGivenUp(EmailKind kind, ExportEvent event, UUID requestId, Instant now) {
        return entityManager.createNativeQuery("""
                update delivery
                set status = 'PENDING', attempts = 0, next_attempt_at = :now, finished_at = null, notified_at = null,
                    given_up = false
                where job_id = :jobId and generation = :generation and kind = :kind
                  and request_id is not distinct from cast(:requestId as uuid)
                  and status = 'FAILED' and given_up and notified_at is not null
                """)
                .setParameter("jobId", event.jobId())
                .setParameter("generation", event.generation())
                .setParameter("kind", kind.name())
                .setParameter("requestId", requestId)
                .setParameter("now", now)
                .executeUpdate() == 1;
    }

    /** Locks the delivery that is due the longest, skipping those another sender holds. Needs a transaction. */
    public Optional<Delivery> lockNextDue() {
        @SuppressWarnings("unchecked")
        List<Delivery> due = entityManager.createNativeQuery("""
                select * from delivery
                where status = 'PENDING' and next_attempt_at <= :now
                order by next_attempt_at
                limit 1
                for update skip locked
                """, Delivery.class)
                .setParameter("now", Instant.now())
                .getResultList();
        return due.stream().findFirst();
    }

    /**
     * Deliveries finished before {@code finishedBefore} whose ExportNotified is still owed, oldest first. Needs a
     * transaction.
     */
    public List<Unannounced> unannounced(int limit, Instant finishedBefore) {
        return entityManager.createQuery("""
                select d.id, d.jobId from Delivery d
                where d.notifiedAt is null and d.status <> :pending and d.finishedAt < :finishedBefore
                order by d.finishedAt
                """, Object[].class)
                .setParameter("pending", DeliveryStatus.PENDING)
                .setParameter("finishedBefore", finishedBefore)
                .setMaxResults(limit)
                .getResultStream()
                .map(row -> new Unannounced((UUID) row[0], (UUID) row[1]))
                .toList();
    }

    /**
     * Records that Kafka acknowledged the delivery's ExportNotified: one statement in a transaction of its own (a
     * JDBC connection outside any transaction commits each statement), no lock taken before it.
     *
     * @throws IllegalStateException when the database failed; the delivery stays owed
     */
    public void markNotified(UUID id, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement mark = connection.prepareStatement(
                        "update delivery set notified_at = ? where id = ? and notified_at is null")) {
            mark.setObject(1, at.atOffset(ZoneOffset.UTC));
            mark.setObject(2, id);
            mark.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark delivery " + id + " announced: " + e.getMessage(), e);
        }
    }

    /** Locks one finished delivery whose ExportNotified is still owed, unless another thread holds it. */
    public Optional<Delivery> lockUnannounced(UUID id) {
        @SuppressWarnings("unchecked")
        List<Delivery> found = entityManager.createNativeQuery("""
                select * from delivery
                where id = :id and notified_at is null and status <> 'PENDING'
                for update skip locked
                """, Delivery.class)
                .setParameter("id", id)
                .getResultList();
        return found.stream().findFirst();
    }

    /**
     * Deletes up to {@code limit} deliveries that finished before {@code cutoff} and whose ExportNotified is published,
     * oldest first, skipping rows another thread holds. What is still owed (an email or its announcement) is kept.
     *
     * @return how many were deleted
     */
    @Transactional
    public int pruneFinishedBefore(Instant cutoff, int limit) {
        return entityManager.createNativeQuery("""
                delete from delivery where id in (
                    select id from delivery
                    where notified_at is not null and status <> 'PENDING' and finished_at < :cutoff
                    order by finished_at
                    limit :limit
                    for update skip locked)
                """)
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /** A finished delivery whose ExportNotified is still owed. */
    public record Unannounced(UUID deliveryId, UUID jobId) {
    }
}
