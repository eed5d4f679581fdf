package dev.exportflow.worker.claim;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.serde.EventJson;

import io.agroal.api.AgroalDataSource;

/**
 * The worker's durable bookkeeping of job generations (table {@code export_claim} in the worker's own
 * database): the queue of accepted requests, the lease of the replica running each one, cancel requests
 * and outcomes. Every change that depends on who runs a job is fenced by {@code owner}, so a replica
 * that lost its lease cannot overwrite the work of the one that took over.
 */
@ApplicationScoped
public class ClaimStore {

    private static final String COLUMNS = "job_id, generation, state, request, cancel_requested, owner, attempts, upload_id,"
            + " object_key, file_name, content_type, row_count, byte_count, sha256, error_code, error_message, retryable,"
            + " trace_parent";

    private final AgroalDataSource db;

    public ClaimStore(AgroalDataSource db) {
        this.db = db;
    }

    /** What hearing about a request led to. */
    public enum Admission {
        /** New: queued for a free slot. */
        QUEUED,
        /** Already queued or running: a duplicate delivery, nothing to do. */
        IN_HAND,
        /** Already done: tell the world again, do not export again. */
        SUCCEEDED,
        /** Cancelled before or while it ran: it never runs (again). */
        CANCELLED,
        /** It had failed: queued to run again (a replay or a re-published dead letter). */
        REQUEUED
    }

    public record Admitted(Admission admission, Claim claim) {
    }

    /** What a cancel request led to. */
    public enum CancelOutcome {
        /** It had not started (or was not even requested yet): it is cancelled now and will never run. */
        NEVER_STARTED,
        /** A replica is running it; the owner stops at its next heartbeat. */
        RUNNING,
        ALREADY_CANCELLED,
        /** It had already succeeded or failed. */
        TOO_LATE
    }

    public record Cancelled(CancelOutcome outcome, Claim claim) {
    }

    /** A lease renewed by a heartbeat, with the cancel flag the owner must obey. */
    public record Lease(JobKey key, boolean cancelRequested) {
    }

    /** @param traceParent the trace the request came with (W3C {@code traceparent}), or null */
    public Admitted admit(ExportRequested request, String traceParent) {
        JobKey key = new JobKey(request.jobId(), request.generation());
        String json = EventJson.writeString(request);
        return inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into export_claim (job_id, generation, state, request, trace_parent) values (?, ?, 'PENDING', ?, ?)
                    on conflict (job_id, generation) do nothing""")) {
                bindKey(insert, key);
                insert.setString(3, json);
                insert.setString(4, traceParent);
                if (insert.executeUpdate() == 1) {
                    return new Admitted(Admission.QUEUED, find(connection, key, false).orElseThrow());
                }
            }
            Claim claim = find(connection, key, true).orElseThrow();
            return switch (claim.state()) {
                case PENDING, RUNNING -> new Admitted(Admission.IN_HAND, claim);
                case SUCCEEDED -> new Admitted(Admission.SUCCEEDED, claim);
                case CANCELLED -> {
                    if (claim.request() == null) {
                        update(connection, "update export_claim set request = ?, updated_at = now()"
                                + " where job_id = ? and generation = ?", json, key);
                    }
                    yield new Admitted(Admission.CANCELLED, withRequest(claim, request));
                }
                case FAILED -> {
                    update(connection, """
                            update export_claim set state = 'PENDING', attempts = 0, not_before = null, owner = null,
                                   lease_until = null, error_code = null, error_message = null, retryable = null,
                                   finished_at = null, updated_at = now()
                            where job_id = ? and generation = ?""", null, key);
                    yield new Admitted(Admission.REQUEUED, claim);
                }
            };
        });
    }

    public Cancelled requestCancel(JobKey key) {
        return inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into export_claim (job_id, generation, state, cancel_requested, finished_at)
                    values (?, ?, 'CANCELLED', true, now())
                    on conflict (job_id, generation) do nothing""")) {
                bindKey(insert, key);
                if (insert.executeUpdate() == 1) {
                    return new Cancelled(CancelOutcome.NEVER_STARTED, find(connection, key, false).orElseThrow());
                }
            }
            Claim claim = find(connection, key, true).orElseThrow();
            return switch (claim.state()) {
                case PENDING -> {
                    update(connection, """
                            update export_claim set state = 'CANCELLED', cancel_requested = true, finished_at = now(),
                                   updated_at = now()
                            where job_id = ? and generation = ?""", null, key);
                    yield new Cancelled(CancelOutcome.NEVER_STARTED, claim);
                }
                case RUNNING -> {
                    update(connection, "update export_claim set cancel_requested = true, updated_at = now()"
                            + " where job_id = ? and generation = ?", null, key);
                    yield new Cancelled(CancelOutcome.RUNNING, claim);
                }
                case CANCELLED -> new Cancelled(CancelOutcome.ALREADY_CANCELLED, claim);
                case SUCCEEDED, FAILED -> new Cancelled(CancelOutcome.TOO_LATE, claim);
            };
        });
    }

    /** Takes the oldest queued job whose retry time has come, or nothing; safe for any number of replicas. */
    public Optional<Claim> claimNext(String owner, Duration lease) {
        return withConnection(connection -> {
            try (PreparedStatement claim = connection.prepareStatement("""
                    update export_claim c
                    set state = 'RUNNING', owner = ?, lease_until = now() + ? * interval '1 millisecond',
                        attempts = c.attempts + 1, started_at = coalesce(c.started_at, now()), not_before = null,
                        updated_at = now()
                    from (select job_id, generation from export_claim
                          where state = 'PENDING' and request is not null and not cancel_requested
                            and (not_before is null or not_before <= now())
                          order by created_at
                          limit 1
                          for update skip locked) next
                    where c.job_id = next.job_id and c.generation = next.generation
                    returning c.*""")) {
                claim.setString(1, owner);
                claim.setLong(2, lease.toMillis());
                try (ResultSet rows = claim.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Extends the lease of every job this replica runs; a job missing from the answer was lost to another replica. */
    public List<Lease> renewLeases(String owner, Duration lease) {
        return withConnection(connection -> {
            try (PreparedStatement renew = connection.prepareStatement("""
                    update export_claim set lease_until = now() + ? * interval '1 millisecond', updated_at = now()
                    where owner = ? and state = 'RUNNING'
                    returning job_id, generation, cancel_requested""")) {
                renew.setLong(1, lease.toMillis());
                renew.setString(2, owner);
                List<Lease> leases = new ArrayList<>();
                try (ResultSet rows = renew.executeQuery()) {
                    while (rows.next()) {
                        leases.add(new Lease(new JobKey(rows.getObject(1, UUID.class), rows.getInt(2)), rows.getBoolean(3)));
                    }
                }
                return leases;
            }
        });
    }

    public boolean recordUpload(JobKey key, String owner, String uploadId) {
        return updateOwned(key, owner, "upload_id = ?", uploadId);
    }

    /** Written before the upload is completed, so that a crash right after completing still finds the file's facts. */
    public boolean recordFile(JobKey key, String owner, StoredFile file) {
        return withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update export_claim set object_key = ?, file_name = ?, content_type = ?, row_count = ?, byte_count = ?,
                           sha256 = ?, updated_at = now()
                    where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""")) {
                update.setString(1, file.objectKey());
                update.setString(2, file.fileName());
                update.setString(3, file.contentType());
                update.setLong(4, file.rows());
                update.setLong(5, file.bytes());
                update.setString(6, file.sha256());
                update.setObject(7, key.jobId());
                update.setInt(8, key.generation());
                update.setString(9, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    public boolean markSucceeded(JobKey key, String owner) {
        return finishOwned(key, owner, "state = 'SUCCEEDED', upload_id = null, error_code = null, error_message = null,"
                + " retryable = null", null, null, null);
    }

    public boolean markFailed(JobKey key, String owner, String code, String message, boolean retryable) {
        return finishOwned(key, owner, "state = 'FAILED', error_code = ?, error_message = ?, retryable = ?", code, message,
                retryable);
    }

    public boolean markCancelled(JobKey key, String owner) {
        return finishOwned(key, owner, "state = 'CANCELLED', cancel_requested = true", null, null, null);
    }

    /** Puts a job that hit a transient failure back in the queue, to run again (anywhere) after {@code delay}. */
    public boolean retryLater(JobKey key, String owner, Duration delay, String code, String message) {
        return withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update export_claim set state = 'PENDING', owner = null, lease_until = null,
                           not_before = now() + ? * interval '1 millisecond', error_code = ?, error_message = ?,
                           updated_at = now()
                    where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""")) {
                update.setLong(1, delay.toMillis());
                update.setString(2, code);
                update.setString(3, message);
                update.setObject(4, key.jobId());
                update.setInt(5, key.generation());
                update.setString(6, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Gives a job back to the queue on shutdown; the interrupted run does not count as an attempt. */
    public boolean handBack(JobKey key, String owner) {
        return withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update export_claim set state = 'PENDING', owner = null, lease_until = null, not_before = null,
                           attempts = greatest(attempts - 1, 0), updated_at = now()
                    where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""")) {
                bindKey(update, key);
                update.setString(3, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Re-queues the jobs whose owner stopped renewing its lease (a crashed or partitioned replica). A job that
     * used up its attempts is handed to {@code giveUp} inside the transaction (which publishes its failure)
     * and marked FAILED.
     *
     * @return the re-queued claims
     */
    public List<Claim> reapExpiredLeases(int maxAttempts, int limit, Consumer<Claim> giveUp) {
        return inTransaction(connection -> {
            List<Claim> expired = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select " + COLUMNS + " from export_claim"
                    + " where state = 'RUNNING' and lease_until < now() order by lease_until limit ? for update skip locked")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        expired.add(read(rows));
                    }
                }
            }
            List<Claim> requeued = new ArrayList<>();
            for (Claim claim : expired) {
                if (claim.attempts() >= maxAttempts) {
                    giveUp.accept(claim);
                    update(connection, """
                            update export_claim set state = 'FAILED', owner = null, lease_until = null, finished_at = now(),
                                   error_code = 'WORKER_LOST', error_message = ?, retryable = true, updated_at = now()
                            where job_id = ? and generation = ?""", "The export was interrupted too often.", claim.key());
                } else {
                    update(connection, """
                            update export_claim set state = 'PENDING', owner = null, lease_until = null, not_before = null,
                                   updated_at = now()
                            where job_id = ? and generation = ?""", null, claim.key());
                    requeued.add(claim);
                }
            }
            return requeued;
        });
    }

    public Optional<Claim> find(JobKey key) {
        return withConnection(connection -> find(connection, key, false));
    }

    private Optional<Claim> find(Connection connection, JobKey key, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select " + COLUMNS
                + " from export_claim where job_id = ? and generation = ?" + (forUpdate ? " for update" : ""))) {
            bindKey(select, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private boolean updateOwned(JobKey key, String owner, String assignment, String value) {
        return withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update export_claim set " + assignment
                    + ", updated_at = now() where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'")) {
                update.setString(1, value);
                update.setObject(2, key.jobId());
                update.setInt(3, key.generation());
                update.setString(4, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    private boolean finishOwned(JobKey key, String owner, String assignments, String code, String message, Boolean retryable) {
        boolean withError = assignments.contains("?");
        return withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update export_claim set " + assignments
                    + ", owner = null, lease_until = null, finished_at = now(), updated_at = now()"
                    + " where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'")) {
                int index = 1;
                if (withError) {
                    update.setString(index++, code);
                    update.setString(index++, message);
                    update.setBoolean(index++, retryable);
                }
                update.setObject(index++, key.jobId());
                update.setInt(index++, key.generation());
                update.setString(index, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    private static void update(Connection connection, String sql, String firstValue, JobKey key) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int index = 1;
            if (firstValue != null) {
                update.setString(index++, firstValue);
            }
            update.setObject(index++, key.jobId());
            update.setInt(index, key.generation());
            update.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement statement, JobKey key) throws SQLException {
        statement.setObject(1, key.jobId());
        statement.setInt(2, key.generation());
    }

    private static Claim read(ResultSet rows) throws SQLException {
        String request = rows.getString("request");
        String objectKey = rows.getString("object_key");
        StoredFile file = objectKey == null ? null : new StoredFile(objectKey, rows.getString("file_name"),
                rows.getString("content_type"), rows.getLong("row_count"), rows.getLong("byte_count"), rows.getString("sha256"));
        boolean retryableValue = rows.getBoolean("retryable");
        Boolean retryable = rows.wasNull() ? null : retryableValue;
        return new Claim(
                new JobKey(rows.getObject("job_id", UUID.class), rows.getInt("generation")),
                ClaimState.valueOf(rows.getString("state")),
                request == null ? null : EventJson.read(request.getBytes(StandardCharsets.UTF_8), ExportRequested.class),
                rows.getBoolean("cancel_requested"),
                rows.getString("owner"),
                rows.getInt("attempts"),
                rows.getString("upload_id"),
                file,
                rows.getString("error_code"),
                rows.getString("error_message"),
                retryable,
                rows.getString("trace_parent"));
    }

    private static Claim withRequest(Claim claim, ExportRequested request) {
        return claim.request() != null ? claim : new Claim(claim.key(), claim.state(), request, claim.cancelRequested(),
                claim.owner(), claim.attempts(), claim.uploadId(), claim.file(), claim.errorCode(), claim.errorMessage(),
                claim.retryable(), claim.traceParent());
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = db.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new ClaimStoreException("The worker database failed: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new ClaimStoreException("The worker database failed: " + e.getMessage(), e);
        }
    }
}
