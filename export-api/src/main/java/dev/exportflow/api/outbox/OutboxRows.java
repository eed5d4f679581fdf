package dev.exportflow.api.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

/**
 * The relay's statements, in plain SQL on the transaction's connection: lock the next batch, mark the acknowledged
 * rows sent, quarantine a refused one. The relay runs a batch for every few POSTs; through the ORM, mapping the
 * locked rows to managed entities and the native statements cost it more than its Kafka work (docs/benchmark.md).
 */
@ApplicationScoped
public class OutboxRows {

    /**
     * The oldest pending rows that are the oldest pending row of their job. Its own job's first pending row is looked up
     * per candidate (a correlated subquery, one index probe each), so a batch costs the same behind any backlog; the
     * {@code not exists} anti-join this replaced was planned as a scan of every pending row per candidate whenever the
     * table's statistics lagged, as they do in a burst: 1.2 s per batch behind 5,000 rows (docs/benchmark.md).
     */
    static final String LOCK_NEXT_BATCH = """
            select o.id, o.seq, o.aggregate_id, o.topic, o.event_type, o.payload, o.trace_parent
            from outbox_event o
            where o.sent_at is null and o.quarantined_at is null
              and o.seq = (select min(earlier.seq) from outbox_event earlier
                           where earlier.aggregate_id = o.aggregate_id
                             and earlier.sent_at is null and earlier.quarantined_at is null)
            order by o.seq
            limit ?
            for update of o skip locked""";

    /** The ids travel as one array: a batch of any size binds two parameters (a list binds one per id, at most 65,535). */
    private static final String MARK_SENT = "update outbox_event set sent_at = ? where id = any(?)";

    private static final String QUARANTINE = "update outbox_event set quarantined_at = ?, quarantine_reason = ? where id = ?";

    private final DataSource dataSource;

    public OutboxRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Locks the next batch of at most {@code limit} pending rows, one per job, until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    List<OutboxEvent> lockNextBatch(int limit) {
        List<OutboxEvent> batch = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LOCK_NEXT_BATCH)) {
            statement.setInt(1, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    OutboxEvent row = new OutboxEvent();
                    row.id = rows.getObject("id", UUID.class);
                    row.seq = rows.getLong("seq");
                    row.aggregateId = rows.getObject("aggregate_id", UUID.class);
                    row.topic = rows.getString("topic");
                    row.eventType = rows.getString("event_type");
                    row.payload = rows.getString("payload");
                    row.traceParent = rows.getString("trace_parent");
                    batch.add(row);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("Cannot lock the next outbox batch", e);
        }
        return batch;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void markSent(List<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(MARK_SENT)) {
            statement.setObject(1, at.atOffset(ZoneOffset.UTC));
            statement.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("Cannot mark " + ids.size() + " outbox rows sent", e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void quarantine(OutboxEvent row) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(QUARANTINE)) {
            statement.setObject(1, row.quarantinedAt.atOffset(ZoneOffset.UTC));
            statement.setString(2, row.quarantineReason);
            statement.setObject(3, row.id);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("Cannot quarantine outbox row " + row.id, e);
        }
    }
}
