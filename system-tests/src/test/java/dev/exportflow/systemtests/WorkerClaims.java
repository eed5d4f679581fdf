package dev.exportflow.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.Endpoints;

/** Which worker replica runs a job and how often one started it, read straight from the worker's claim table. */
final class WorkerClaims {

    private final DevStack stack;

    WorkerClaims(DevStack stack) {
        this.stack = stack;
    }

    /** The replica running a job, as the worker names itself ({@code host/pid/random}); null when none runs it. */
    String owner(UUID jobId) throws SQLException {
        return column(jobId, "owner");
    }

    /** The claim's state ({@code PENDING}, {@code RUNNING}, ...), or null when no worker holds the request. */
    String state(UUID jobId) throws SQLException {
        return column(jobId, "state");
    }

    /** How many runs of a job the workers started. */
    int attempts(UUID jobId) throws SQLException {
        return Integer.parseInt(column(jobId, "attempts"));
    }

    private String column(UUID jobId, String column) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.endpoints().jdbcUrl(Endpoints.WORKER_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                PreparedStatement query = connection.prepareStatement(
                        "select " + column + " from export_claim where job_id = ?")) {
            query.setObject(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    static long pidOfOwner(String owner) {
        return Long.parseLong(owner.split("/")[1]);
    }
}
