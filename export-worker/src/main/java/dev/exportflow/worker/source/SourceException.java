package dev.exportflow.worker.source;

import java.sql.SQLException;

import dev.exportflow.worker.SqlStates;

/**
 * Reading the source database failed. The SQL state decides whether trying again may help; the database's
 * own message is for the log only, never for the user (it may show SQL).
 */
public class SourceException extends Exception {

    /** {@code query_canceled}: the dataset's statement timeout, or a cancel we sent ourselves. */
    public static final String QUERY_CANCELED = "57014";

    private final boolean transientFailure;
    private final String sqlState;

    public SourceException(SQLException cause) {
        super("The source database failed: " + cause.getMessage(), cause);
        this.sqlState = cause.getSQLState();
        this.transientFailure = SqlStates.transientFailure(cause);
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    public boolean timedOut() {
        return QUERY_CANCELED.equals(sqlState);
    }

    public String sqlState() {
        return sqlState;
    }
}
