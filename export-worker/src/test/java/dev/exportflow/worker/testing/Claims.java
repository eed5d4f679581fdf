package dev.exportflow.worker.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import dev.exportflow.devstack.Endpoints;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.serde.EventJson;

/** Reads and writes the worker's claim table directly, as an operator (or a crashed replica) would leave it. */
public final class Claims {

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
                        + " started_at) values (?, ?, 'RUNNING', ?, ?, ?, ?, " + leaseUntil + ", now())")) {
            insert.setObject(1, request.jobId());
            insert.setInt(2, request.generation());
            insert.setString(3, EventJson.writeString(request));
            insert.setString(4, owner);
            insert.setInt(5, attempts);
            insert.setString(6, uploadId);
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

    /** Hands the lease of a job to another owner, as a reaper on another replica would after an expiry. */
    public static void takeOver(UUID jobId, String owner, String leaseUntil) {
        try (Connection connection = connect(); PreparedStatement update = connection.prepareStatement(
                "update export_claim set owner = ?, lease_until = " + leaseUntil + " where job_id = ? and generation = 1")) {
            update.setString(1, owner);
            update.setObject(2, jobId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
