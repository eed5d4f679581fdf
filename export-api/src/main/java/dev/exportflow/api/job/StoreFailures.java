package dev.exportflow.api.job;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;

import io.quarkus.narayana.jta.QuarkusTransactionException;

import org.hibernate.JDBCException;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a failure of the job store from one the report caused. A store that refuses a valid report (no connection,
 * 08xxx, 57P01-03, a pool timeout, but also a read-only standby after a failover, a full disk or an operator's
 * trigger) is an outage that heals; only data and integrity errors (SQL states 22xxx, 23xxx) come from the values of
 * the report, and those fail the same way every time. A store that cannot be reached at all is answered to a request
 * as an outage (503), not as a fault (500).
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /** Whether the failure came from the database or the transaction around it. */
    static boolean fromStore(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException || cause instanceof PersistenceException || cause instanceof JDBCException
                    || cause instanceof RollbackException || cause instanceof QuarkusTransactionException
                    || cause instanceof jakarta.transaction.SystemException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database could not be reached at all: no connection (SQL state class 08), or the server is shutting
     * down or starting (57P01 – 57P03). Nothing about the request is wrong; the same request succeeds once it is back.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JDBCConnectionException) {
                return true;
            }
        }
        String state = sqlState(failure);
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** Whether the database refused the values themselves (SQL state class 22 or 23): trying again cannot help. */
    static boolean refusedValues(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** The SQL state of the first SQLException in the chain, or null. */
    static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
