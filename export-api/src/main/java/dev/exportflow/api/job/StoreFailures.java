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
 * the report, and those fail the same way every time. A store that is unavailable (cannot be reached, is out of
 * resources, or takes no writes) is answered to a request as an outage (503), not as a fault (500).
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
     * Whether the database is unavailable rather than refusing this request: no connection (SQL state class 08), the
     * server is shutting down or starting (57P01 – 57P03), out of resources (class 53: a full disk, no memory, no
     * connection slot left), or takes no writes (25006: a standby, e.g. the old primary after a failover while the
     * connections still point at it). Nothing about the request is wrong; the same request succeeds once it is over.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JDBCConnectionException) {
                return true;
            }
        }
        String state = sqlState(failure);
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.equals("57P01")
                || state.equals("57P02") || state.equals("57P03") || state.equals("25006"));
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
