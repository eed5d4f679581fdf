package dev.exportflow.worker.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

import io.quarkus.logging.Log;

/**
 * A dataset's rows on a declared server-side cursor, in one read-only REPEATABLE READ transaction, fetched
 * {@code fetchSize} rows per round trip. PostgreSQL plans a declared cursor for a fast start (its
 * {@code cursor_tuple_fraction}), so rows leave as soon as the plan produces them and the file is written while the
 * database reads; a statement merely read in batches is planned for its total time and often sorts the whole result
 * before its first row. {@link #cancel()} may be called from any thread to stop a running fetch.
 */
public final class SourceCursor implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement fetch;
    private final int fetchSize;
    private ResultSet page;
    private int pageRows;

    SourceCursor(Connection connection, PreparedStatement fetch, int fetchSize) {
        this.connection = connection;
        this.fetch = fetch;
        this.fetchSize = fetchSize;
    }

    /** The columns of the result; the first call fetches the first rows. */
    public ResultSetMetaData columns() throws SQLException {
        return currentPage().getMetaData();
    }

    /** Moves to the next row, fetching more when the rows at hand are used up; false after the last row. */
    public boolean next() throws SQLException {
        ResultSet rows = currentPage();
        while (!rows.next()) {
            if (pageRows < fetchSize) {
                return false; // a short fetch: the cursor is at its end
            }
            rows = fetchPage();
        }
        pageRows++;
        return true;
    }

    /** The current row, once {@link #next()} returned true. */
    public ResultSet row() {
        return page;
    }

    /** Asks the database to stop the running fetch; the reading thread then gets an exception from {@code next()}. */
    public void cancel() {
        try {
            fetch.cancel();
        } catch (SQLException e) {
            Log.debugf("cancelling the source query failed: %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        try (connection; fetch; ResultSet rows = page) {
            connection.rollback(); // read only: nothing to keep; ends the cursor and releases its snapshot
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            Log.debugf("closing the source cursor failed: %s", e.getMessage());
        }
    }

    private ResultSet currentPage() throws SQLException {
        return page == null ? fetchPage() : page;
    }

    private ResultSet fetchPage() throws SQLException {
        if (page != null) {
            page.close();
        }
        pageRows = 0;
        page = fetch.executeQuery();
        return page;
    }
}
