package dev.exportflow.worker;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a failure of PostgreSQL that trying again may cure (the connection, the server, a lock) from one that the same
 * statement meets again (a bad query, a constraint); for the source database and the worker's own alike.
 */
public final class SqlStates {

    private SqlStates() {
    }

    public static boolean transientFailure(SQLException e) {
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
