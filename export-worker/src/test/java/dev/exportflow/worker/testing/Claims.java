package dev.exportflow.worker.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import dev.exportflow.devstack.Endpoints;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.serde.EventJson;

/** Reads and writes the worker's claim table directly, as an operator (or a crashed replica) would leave it. */
public final class Claims {

    private static final String QUEUE_PREFIX = "insert into export_claim (job_id, generation, state, request, tenant,"
            + " user_id, not_before) values (?, ?, 'PENDING', ?, ?, ?, ";

    private Claims() {
    }

    public static Connection connect() throws SQLException {
        Endpoints endpoints = WorkerTestStack.stack().endpoints();
        return DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.WORKER_DATABASE), Endpoints.SERVICE_USER,
                Endpoints.SERVICE_PASSWORD);
    }

    /** How many jobs are queued or running right now. */
    public static int unfinished() {
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement(
                        "select count(*) from export_claim where state in ('PENDING', 'RUNNING')");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String column(UUID jobId, String column) {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "select " + column + "::text from export_claim where job_id = ? and generation = 1")) {
            select.setObject(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Leaves a claim as a replica would that took the job and then died (or lives on with a lease of its own). */
    public static void insert(ExportRequested request, String owner, int attempts, String uploadId,
            String leaseUntil) {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                "insert into export_claim (job_id, generation, state, request, owner, attempts, upload_id, lease_until,"
                        + " started_at, tenant, user_id) values (?, ?, 'RUNNING', ?, ?, ?, ?, " + leaseUntil
                        + ", now(), ?, ?)")) {
            insert.setObject(1, request.jobId());
            insert.setInt(2, request.generation());
            insert.setString(3, EventJson.writeString(request));
            insert.setString(4, owner);
            insert.setInt(5, attempts);
            insert.setString(6, uploadId);
            insert.setString(7, request.requester().tenant());
            insert.setString(8, request.requester().userId());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Turns a finished job back into the state a replica leaves when it dies after storing the file but before
     * recording success: running, with the file on the claim and an expired lease.
     */
    public static void rewindToRunning(UUID jobId, String owner) {
        try (Connection connection = connect(); PreparedStatement update = connection.prepareStatement(
                "update export_claim set state = 'RUNNING', owner = ?, lease_until = now() - interval '1 second'"
                        + " where job_id = ? and generation = 1")) {
            update.setString(1, owner);
            update.setObject(2, jobId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the claim of a job to a new run of another owner, as a reaper and another replica would after an expiry. */
    public static void takeOver(UUID jobId, String owner, String leaseUntil) {
        execute("update export_claim set owner = ?, run_token = gen_random_uuid(), lease_until = " + leaseUntil
                + " where job_id = ? and generation = 1", owner, jobId);
    }

    /**
     * Hands the claim of a job to a new run of the same owner, as happens when a replica's lease expired (a long GC
     * pause), the reaper re-queued the job and that same replica's dispatcher took it again, while its old run lives on.
     */
    public static void reclaimBySameOwner(UUID jobId, String leaseUntil) {
        execute("update export_claim set run_token = gen_random_uuid(), attempts = attempts + 1, lease_until = "
                + leaseUntil + " where job_id = ? and generation = 1 and state = 'RUNNING'", jobId);
    }

    /** A request queued as an earlier worker (with another catalog) admitted it, or a retry that waits until then. */
    public static void queue(ExportRequested request, String notBefore) {
        execute(QUEUE_PREFIX + notBefore + ")", request.jobId(), request.generation(), EventJson.writeString(request),
                request.requester().tenant(), request.requester().userId());
    }

    /** Queues {@code requests} in their order, each in a transaction of its own (so each is queued later than the last). */
    public static void queueAll(List<ExportRequested> requests) {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(QUEUE_PREFIX + "null)")) {
            for (ExportRequested request : requests) {
                insert.setObject(1, request.jobId());
                insert.setInt(2, request.generation());
                insert.setString(3, EventJson.writeString(request));
                insert.setString(4, request.requester().tenant());
                insert.setString(5, request.requester().userId());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the claims that {@code owner} took back in the queue, as if their runs had never started. */
    public static void handBack(String owner) {
        execute("update export_claim set state = 'PENDING', owner = null, run_token = null, lease_until = null,"
                + " attempts = attempts - 1 where owner = ? and state = 'RUNNING'", owner);
    }

    /** Ends a running claim, as its run would that succeeded (its outcome does not matter here). */
    public static void finish(UUID jobId) {
        execute("update export_claim set state = 'SUCCEEDED', finished_at = now(), outcome_published_at = now()"
                + " where job_id = ? and generation = 1", jobId);
    }

    /** Removes the claims of the tenants whose name starts with {@code prefix}. */
    public static void deleteTenants(String prefix) {
        execute("delete from export_claim where starts_with(tenant, ?)", prefix);
    }

    /** How many claims of tenants whose name starts with {@code prefix} are in {@code state}. */
    public static int count(String prefix, String state) {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "select count(*) from export_claim where starts_with(tenant, ?) and state = ?")) {
            select.setString(1, prefix);
            select.setString(2, state);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cancel request that reached the claim while it ran (or a request that came with it). */
    public static void markCancelRequested(UUID jobId) {
        execute("update export_claim set cancel_requested = true where job_id = ? and generation = 1", jobId);
    }

    /**
     * An ended claim as a replica leaves it that died right after committing the end and before publishing it: its
     * outcome is owed since {@code endedAt} (SQL).
     */
    public static void insertEndedAndOwed(ExportRequested request, String state, String objectKey, long rows, String sha256,
            String endedAt) {
        execute("insert into export_claim (job_id, generation, state, request, attempts, object_key, file_name, content_type,"
                + " row_count, byte_count, sha256, started_at, finished_at, updated_at, run_token) values (?, ?, ?, ?, 1, ?,"
                + " 'numbers-2026-03-15.csv', 'text/csv; charset=utf-8', ?, 1234, ?, " + endedAt + ", " + endedAt + ", "
                + endedAt + ", gen_random_uuid())", request.jobId(), request.generation(), state,
                EventJson.writeString(request), objectKey, rows, sha256);
    }

    /** A claim that ended at {@code finishedAt} (SQL), its outcome published or still owed. */
    public static void insertFinished(UUID jobId, String finishedAt, boolean published) {
        execute("insert into export_claim (job_id, generation, state, cancel_requested, finished_at, outcome_published_at)"
                + " values (?, 1, 'CANCELLED', true, " + finishedAt + ", " + (published ? finishedAt : "null") + ")", jobId);
    }

    public static boolean exists(UUID jobId) {
        return column(jobId, "state") != null;
    }

    /**
     * Makes the worker database skip (as if fenced off) or refuse the updates of one job's claim that {@code when} (a
     * trigger condition on {@code old} and {@code new}) selects, until the answer is closed.
     *
     * @param refuse true: the update fails with an error; false: it changes no row, as a fence that does not match
     */
    public static AutoCloseable breakUpdates(UUID jobId, String when, boolean refuse) {
        String name = "break_" + jobId.toString().replace("-", "");
        execute("create function " + name + "() returns trigger language plpgsql as $$ begin "
                + (refuse ? "raise exception 'broken on purpose by a test';" : "return null;") + " end $$");
        execute("create trigger " + name + " before update on export_claim for each row when (old.job_id = '" + jobId
                + "' and " + when + ") execute function " + name + "()");
        return () -> {
            execute("drop trigger " + name + " on export_claim");
            execute("drop function " + name + "()");
        };
    }

    private static void execute(String sql, Object... values) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
