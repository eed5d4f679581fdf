package dev.exportflow.worker.claim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.SqlStates;

import io.agroal.api.AgroalDataSource;

/**
 * Runs statements on the worker database; a failure of the database surfaces as {@link WorkerDatabaseUnavailable} when
 * trying again may cure it, else as {@link WorkerDatabaseException}.
 */
@ApplicationScoped
class ClaimJdbc {

    private final AgroalDataSource db;

    ClaimJdbc(AgroalDataSource db) {
        this.db = db;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs one statement on a connection of its own (autocommit); answers how many rows it changed. */
    int update(String sql, Object... values) {
        return withConnection(connection -> execute(connection, sql, values));
    }

    /** Runs one statement with {@code values} bound in their order; answers how many rows it changed. */
    static int execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            return statement.executeUpdate();
        }
    }

    static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = db.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(SqlWork<T> work) {
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
            throw failed(e);
        }
    }

    private static WorkerDatabaseException failed(SQLException e) {
        String message = "The worker database failed: " + e.getMessage();
        return SqlStates.transientFailure(e)
                ? new WorkerDatabaseUnavailable(message, e)
                : new WorkerDatabaseException(message, e);
    }
}
