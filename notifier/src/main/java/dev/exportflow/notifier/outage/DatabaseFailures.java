package dev.exportflow.notifier.outage;

import java.sql.SQLException;
import java.util.Set;

import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;

/**
 * Tells a database failure that heals by itself from one that does not. Transient is what says the database could
 * not be reached, or could not do the work just now: no connection (SQLState class {@code 08}), a server shutting
 * down or starting ({@code 57P01}-{@code 57P03}), too many connections, a deadlock, the pool waiting in vain for a
 * connection (Agroal says so without an SQLState), a commit that could not complete, and any other database failure
 * that does not blame the statement. What blames the statement (bad data, a constraint, a syntax or permission error)
 * and what is no database failure at all (a bug) does not heal.
 */
public final class DatabaseFailures {

    /**
     * SQLState classes that blame the statement, not the server: data exception, integrity constraint violation,
     * syntax error or access rule violation, feature not supported, with-check-option violation.
     */
    private static final Set<String> STATEMENT_CLASSES = Set.of("22", "23", "42", "0A", "44");

    private DatabaseFailures() {
    }

    /** Whether {@code failure}, through its causes, is a database failure worth waiting out. */
    public static boolean isTransient(Throwable failure) {
        boolean database = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.length() >= 2 && STATEMENT_CLASSES.contains(state.substring(0, 2))) {
                    return false;
                }
                database = true;
            } else if (cause instanceof RollbackException || cause instanceof HeuristicMixedException
                    || cause instanceof HeuristicRollbackException || cause instanceof SystemException) {
                database = true;
            }
        }
        return database;
    }
}
