package dev.exportflow.worker.source;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

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
        this.transientFailure = isTransient(cause);
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

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return true; // no answer from the server at all, e.g. the pool could not get a connection
        }
        return state.startsWith("08") // connection exceptions
                || state.startsWith("53") // insufficient resources
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutdown, crash, starting up
                || state.equals("40001") || state.equals("40P01") // serialization failure, deadlock
                || state.equals("55P03"); // lock not available
    }
}
