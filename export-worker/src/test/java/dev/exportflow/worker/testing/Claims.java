package dev.exportflow.worker.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import dev.exportflow.devstack.Endpoints;

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
}
