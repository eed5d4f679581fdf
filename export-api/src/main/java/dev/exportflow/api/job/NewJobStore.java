package dev.exportflow.api.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import dev.exportflow.api.outbox.Outbox;
import dev.exportflow.api.outbox.OutboxEvent;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.serde.EventJson;

/**
 * The job store's side of a POST, in plain SQL on the transaction's connection: the caller's lock with one read of
 * what the checks need (one round trip), and one statement that inserts the job with its outbox row. The POST is the
 * api's busiest path; through the ORM it cost a persistence context, an insert each and a flush per request
 * (docs/benchmark.md).
 * Every other change of a job goes through {@link JobLifecycle} and the ORM. A failed statement is thrown as the
 * {@link PersistenceException} the ORM would have thrown, and rolls the transaction back.
 */
@ApplicationScoped
class NewJobStore {

    private static final String LOCK_OWNER = "select pg_advisory_xact_lock(hashtext(?))";

    /** The owner's active jobs and the one of the request's Idempotency-Key (active or not), oldest first. */
    static final String OWNER_JOBS = "select id, status, request_hash, tenant, idempotency_key from export_job"
            + " where owner_id = ? and (status in ("
            + JobStatus.ACTIVE.stream().map(status -> "'" + status.name() + "'").collect(Collectors.joining(", "))
            + ") or idempotency_key = ?) order by created_at";

    private static final String LOCKED_OWNER_JOBS = LOCK_OWNER + ";\n" + OWNER_JOBS;

    private static final String INSERT = """
            with job as (
                insert into export_job (id, owner_id, owner_email, tenant, locale, time_zone, dataset, dataset_title,
                    parameters, format, options, request_hash, idempotency_key, status, generation, created_at,
                    requested_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
            )
            insert into outbox_event (id, aggregate_id, topic, event_type, payload, created_at, trace_parent)
            values (?, ?, ?, ?, ?, ?, ?)""";

    private final DataSource dataSource;
    private final Outbox outbox;

    NewJobStore(DataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /** What the checks of a POST read of the owner's jobs. */
    record OwnerJobs(List<ActiveJob> active, ActiveJob keyed) {
    }

    /** One of the owner's jobs as the checks see it. */
    record ActiveJob(UUID id, JobStatus status, String requestHash, String tenant) {
    }

    /**
     * Takes the owner's lock, which serialises their creations until the transaction ends so that the checks cannot
     * race, then reads the owner's active jobs and the job made earlier with this Idempotency-Key (null: none, or no
     * key). Two statements in one round trip: each takes its snapshot when it starts, so the read sees the job of a
     * request that held the lock (in one statement with the lock, the read's snapshot would predate the lock).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    OwnerJobs lockedOwnerJobs(String ownerId, String idempotencyKey) {
        List<ActiveJob> active = new ArrayList<>();
        ActiveJob keyed = null;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LOCKED_OWNER_JOBS)) {
            statement.setString(1, ownerId);
            statement.setString(2, ownerId);
            statement.setString(3, idempotencyKey);
            statement.execute();
            if (!statement.getMoreResults()) {
                throw new SQLException("The read of the owner's jobs returned no result");
            }
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    ActiveJob job = new ActiveJob(rows.getObject(1, UUID.class), JobStatus.valueOf(rows.getString(2)),
                            rows.getString(3), rows.getString(4));
                    if (job.status().active()) {
                        active.add(job);
                    }
                    if (idempotencyKey != null && idempotencyKey.equals(rows.getString(5))) {
                        keyed = job;
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("Cannot lock and read the jobs of " + ownerId, e);
        }
        return new OwnerJobs(active, keyed);
    }

    /**
     * Inserts a job made by {@link JobLifecycle#queueNew} and its ExportRequested, in one statement.
     *
     * @param payload the event as JSON, as measured against the event size limit
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void insert(ExportJob job, ExportRequested requested, String payload) {
        OutboxEvent row = outbox.row(requested, payload);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(INSERT)) {
            int i = 0;
            statement.setObject(++i, job.id);
            statement.setString(++i, job.ownerId);
            statement.setString(++i, job.ownerEmail);
            statement.setString(++i, job.tenant);
            statement.setString(++i, job.locale);
            statement.setString(++i, job.timeZone);
            statement.setString(++i, job.dataset);
            statement.setString(++i, job.datasetTitle);
            statement.setString(++i, EventJson.writeString(job.parameters));
            statement.setString(++i, job.format);
            statement.setString(++i, EventJson.writeString(job.options));
            statement.setString(++i, job.requestHash);
            statement.setString(++i, job.idempotencyKey);
            statement.setString(++i, job.status.name());
            statement.setInt(++i, job.generation);
            statement.setObject(++i, timestamp(job.createdAt));
            statement.setObject(++i, timestamp(job.requestedAt));
            statement.setObject(++i, row.id);
            statement.setObject(++i, row.aggregateId);
            statement.setString(++i, row.topic);
            statement.setString(++i, row.eventType);
            statement.setString(++i, row.payload);
            statement.setObject(++i, timestamp(row.createdAt));
            statement.setString(++i, row.traceParent);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("Cannot store job " + job.id, e);
        }
        outbox.announce(row);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
