package dev.exportflow.worker.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.dataset.NamedSql;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/**
 * The database that exports read from (datasource {@code source}, a role that may only SELECT). Every
 * query runs in its own read-only REPEATABLE READ transaction with the dataset's statement timeout, with
 * parameters bound through a {@link PreparedStatement}.
 */
@ApplicationScoped
public class SourceDatabase {

    private static final String CURSOR = "export_rows";
    private static final int REACHABLE_SECONDS = 2;

    private final AgroalDataSource source;

    public SourceDatabase(@DataSource("source") AgroalDataSource source) {
        this.source = source;
    }

    /**
     * Declares a server-side cursor over the query's rows; nothing is fetched yet.
     *
     * @param timeZone the session's zone, in which the database prints {@code timestamptz} values; null keeps the default
     */
    public SourceCursor open(NamedSql query, List<Object> values, Duration statementTimeout, int fetchSize, String timeZone)
            throws SourceException {
        Connection connection = null;
        PreparedStatement fetch = null;
        try {
            connection = source.getConnection();
            begin(connection, statementTimeout);
            if (timeZone != null) {
                try (PreparedStatement zone = connection.prepareStatement("select set_config('TimeZone', ?, true)")) {
                    zone.setString(1, timeZone);
                    zone.execute();
                }
            }
            // The parameters are bound to the declared query like to any prepared statement, never concatenated.
            try (PreparedStatement declare = connection.prepareStatement(
                    "declare " + CURSOR + " no scroll cursor for " + query.jdbcSql())) {
                bind(declare, values);
                declare.execute();
            }
            fetch = connection.prepareStatement("fetch forward " + fetchSize + " from " + CURSOR);
            return new SourceCursor(connection, fetch, fetchSize);
        } catch (SQLException e) {
            closeQuietly(fetch, connection);
            throw new SourceException(e);
        }
    }

    /** Runs a query that answers one number, e.g. the dataset's row estimate; null when it answers nothing. */
    public Long count(NamedSql query, List<Object> values, Duration timeout) throws SourceException {
        try (Connection connection = source.getConnection()) {
            try {
                begin(connection, timeout);
                try (PreparedStatement statement = connection.prepareStatement(query.jdbcSql())) {
                    bind(statement, values);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (!rows.next()) {
                            return null;
                        }
                        long count = rows.getLong(1);
                        return rows.wasNull() ? null : count;
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SourceException(e);
        }
    }

    /** Whether a connection can be had and answers within {@link #REACHABLE_SECONDS}; for the health check. */
    public boolean reachable() {
        try (Connection connection = source.getConnection()) {
            return connection.isValid(REACHABLE_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void begin(Connection connection, Duration statementTimeout) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement setup = connection.createStatement()) {
            // Transaction-local settings: nothing leaks into the pooled connection's next use.
            setup.execute("set transaction isolation level repeatable read, read only");
            setup.execute("set local statement_timeout = " + Math.max(1, statementTimeout.toMillis()));
            // An export runs its query once: plan it with the actual values, so that a filter on an absent
            // parameter (cast(:p as date) is null or ...) folds away instead of being evaluated on every row,
            // as a cached generic plan would.
            setup.execute("set local plan_cache_mode = force_custom_plan");
        }
    }

    private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                // an untyped NULL: PostgreSQL takes the type from the query, e.g. cast(? as date)
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static void closeQuietly(Statement statement, Connection connection) {
        // Closed even when the rollback fails, as it does on a connection that died with the server: an unclosed
        // connection never goes back to the pool, and a few of them leave every later export waiting for one.
        try (connection; statement) {
            if (connection != null) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the connection is broken anyway; the pool discards it
        }
    }
}
