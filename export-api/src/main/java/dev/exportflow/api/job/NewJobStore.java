package dev.exportflow.api.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * The job store's side of a POST, in plain SQL, in one round trip that commits: the caller's lock, then one statement
 * that reads what the checks need of the owner's jobs and inserts the job with its outbox row unless a check refuses it.
 * The POST is the api's busiest path; through the ORM it cost a persistence context, an insert each and a flush per
 * request, and round trips of their own for the insert and the commit (docs/benchmark.md).
 * Every other change of a job goes through {@link JobLifecycle} and the ORM. A failed statement is thrown as the
 * {@link PersistenceException} the ORM would have thrown; nothing of it is kept.
 */
@ApplicationScoped
class NewJobStore {

    /** An identical request returns such a job rather than make another; one being cancelled does not count. */
    private static final Set<JobStatus> ANSWERS_IDENTICAL = EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING);

    private static final String LOCK_OWNER = "select pg_advisory_xact_lock(hashtext(?))";

    /** The owner's active jobs and the one of the request's Idempotency-Key (active or not), oldest first. */
    static final String OWNER_JOBS = "select id, status, request_hash, tenant, idempotency_key, created_at from export_job"
            + " where owner_id = ? and (status in (" + quoted(JobStatus.ACTIVE)
            + ") or idempotency_key = ?) order by created_at";

    /**
     * The checks of a POST and the insert it leads to, in one statement (one snapshot). The owner's jobs are flagged with
     * what refuses a new one: the request's Idempotency-Key was used before, or an identical export is queued or running;
     * and with whether they count against the limit of active exports. Every row comes back with whether the job was
     * inserted (at least one row: a new owner has no jobs).
     */
    private static final String SUBMIT = """
            with mine as (%s),
            flagged as (
                select id, status, request_hash, created_at,
                    coalesce(idempotency_key = ?, false) as keyed,
                    status in (%s) and request_hash = ? and tenant is not distinct from ? as identical,
                    status in (%s) as active
                from mine
            ),
            job as (
                insert into export_job (id, owner_id, owner_email, tenant, locale, time_zone, dataset, dataset_title,
                    parameters, format, options, request_hash, idempotency_key, status, generation, created_at,
                    requested_at)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?, ?
                where not exists (select 1 from flagged where keyed or identical)
                  and (select count(*) from flagged where active) < ?
                returning id
            ),
            event as (
                insert into outbox_event (id, aggregate_id, topic, event_type, payload, created_at, trace_parent)
                select ?, job.id, ?, ?, ?, ?, ? from job
            )
            select exists (select 1 from job) as created, f.id, f.status, f.request_hash, f.keyed, f.identical, f.active
            from (select 1) as one left join flagged f on true
            order by f.created_at""".formatted(OWNER_JOBS, quoted(ANSWERS_IDENTICAL), quoted(JobStatus.ACTIVE));

    /**
     * Two statements in one round trip: each takes its snapshot when it starts, so the checks see the job of a request
     * that held the lock before (in one statement with the lock, the snapshot would predate the lock). Outside a
     * transaction they still run as one: the driver follows them with a single Sync, and PostgreSQL commits an implicit
     * transaction at the Sync (protocol-flow, "Pipelining"). So the lock is held until the job is committed, and released
     * then, without waiting for a round trip of the api's COMMIT.
     */
    private static final String LOCKED_SUBMIT = LOCK_OWNER + ";\n" + SUBMIT;

    private final DataSource dataSource;
    private final Outbox outbox;

    NewJobStore(DataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * What became of a submission: the job was inserted, or not, and the owner's jobs that the checks looked at (the
     * new one not among them), oldest first.
     */
    record Submission(boolean created, List<OwnerJob> jobs) {

        /** The job made earlier with the request's Idempotency-Key. */
        Optional<OwnerJob> keyed() {
            return jobs.stream().filter(OwnerJob::keyed).findFirst();
        }

        /** The oldest queued or running export identical to the request. */
        Optional<OwnerJob> identical() {
            return jobs.stream().filter(OwnerJob::identical).findFirst();
        }

        List<UUID> active() {
            return jobs.stream().filter(OwnerJob::active).map(OwnerJob::id).toList();
        }
    }

    /** One of the owner's jobs, flagged by the checks. */
    record OwnerJob(UUID id, JobStatus status, String requestHash, boolean keyed, boolean identical, boolean active) {
    }

    /**
     * Takes the owner's lock, which serialises their creations until the transaction ends so that the checks cannot
     * race, then inserts a job made by {@link JobLifecycle#queueNew} and its ExportRequested, unless the request's
     * Idempotency-Key was used before, an identical export is queued or running, or the owner has {@code activeLimit}
     * active exports already.
     *
     * <p>Outside any transaction of the caller's (suspended if there is one): committed by the time it returns.
     *
     * @param payload the event as JSON, as measured against the event size limit
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    Submission submit(ExportJob job, ExportRequested requested, String payload, int activeLimit) {
        OutboxEvent row = outbox.row(requested, payload);
        boolean created = false;
        List<OwnerJob> jobs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LOCKED_SUBMIT)) {
            int i = 0;
            statement.setString(++i, job.ownerId);
            // mine
            statement.setString(++i, job.ownerId);
            statement.setString(++i, job.idempotencyKey);
            // flagged
            statement.setString(++i, job.idempotencyKey);
            statement.setString(++i, job.requestHash);
            statement.setString(++i, job.tenant);
            // job
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
            statement.setInt(++i, activeLimit);
            // event
            statement.setObject(++i, row.id);
            statement.setString(++i, row.topic);
            statement.setString(++i, row.eventType);
            statement.setString(++i, row.payload);
            statement.setObject(++i, timestamp(row.createdAt));
            statement.setString(++i, row.traceParent);
            statement.execute();
            if (!statement.getMoreResults()) {
                throw new SQLException("The checks and insert of the new job returned no result");
            }
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    created = rows.getBoolean("created");
                    UUID id = rows.getObject("id", UUID.class);
                    if (id != null) {
                        jobs.add(new OwnerJob(id, JobStatus.valueOf(rows.getString("status")), rows.getString("request_hash"),
                                rows.getBoolean("keyed"), rows.getBoolean("identical"), rows.getBoolean("active")));
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("Cannot check and store job " + job.id + " of " + job.ownerId, e);
        }
        if (created) {
            outbox.announce(row);
        }
        return new Submission(created, jobs);
    }

    private static String quoted(Set<JobStatus> statuses) {
        return statuses.stream().map(status -> "'" + status.name() + "'").collect(Collectors.joining(", "));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
