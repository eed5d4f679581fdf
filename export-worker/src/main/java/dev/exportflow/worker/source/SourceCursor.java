package dev.exportflow.worker.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.quarkus.logging.Log;

/**
 * An open server-side cursor over a dataset's rows, in one read-only REPEATABLE READ transaction. Rows arrive
 * {@code fetchSize} at a time. {@link #cancel()} may be called from any thread to stop a running query.
 */
public final class SourceCursor implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;

    SourceCursor(Connection connection, PreparedStatement statement, ResultSet rows) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
    }

    public ResultSet rows() {
        return rows;
    }

    /** Asks the database to stop the query; the reading thread then gets an exception from {@code next()}. */
    public void cancel() {
        try {
            statement.cancel();
        } catch (SQLException e) {
            Log.debugf("cancelling the source query failed: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        try (connection; statement; rows) {
            connection.rollback(); // read only: nothing to keep, and the cursor's snapshot is released
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            Log.debugf("closing the source cursor failed: %s", e.getMessage());
        }
    }
}
