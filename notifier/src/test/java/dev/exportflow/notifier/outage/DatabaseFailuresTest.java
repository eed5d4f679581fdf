package dev.exportflow.notifier.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;

/** Which database failures the consumers, senders and the announcer wait out, and which they do not. */
class DatabaseFailuresTest {

    @Test
    void anUnreachableRestartingOrBusyServerHeals() {
        assertThat(DatabaseFailures.isTransient(wrapped(new PSQLException("Connection refused",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT)))).isTrue();
        assertThat(DatabaseFailures.isTransient(wrapped(new PSQLException("An I/O error occurred",
                PSQLState.CONNECTION_FAILURE)))).isTrue();
        assertThat(DatabaseFailures.isTransient(wrapped(new SQLException("terminating connection due to administrator"
                + " command", "57P01")))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("sorry, too many clients already", "53300"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SQLTransientConnectionException("timeout"))).isTrue();
    }

    @Test
    void thePoolWaitingInVainAndACommitThatCouldNotCompleteHeal() {
        // what Agroal says while no connection can be opened (a stalled network), without an SQLState
        assertThat(DatabaseFailures.isTransient(wrapped(new SQLException("Acquisition timeout while waiting for new"
                + " connection")))).isTrue();
        assertThat(DatabaseFailures.isTransient(wrapped(new SQLException("Sorry, acquisition timeout!")))).isTrue();
        assertThat(DatabaseFailures.isTransient(new IllegalStateException(new RollbackException("ARJUNA016053")))).isTrue();
    }

    @Test
    void aFailureThatBlamesTheStatementDoesNot() {
        assertThat(DatabaseFailures.isTransient(wrapped(new SQLException("value too long", "22001")))).isFalse();
        assertThat(DatabaseFailures.isTransient(wrapped(new SQLException("invalid byte sequence", "22021")))).isFalse();
        assertThat(DatabaseFailures.isTransient(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseFailures.isTransient(wrapped(new SQLException("relation does not exist", "42P01")))).isFalse();
        assertThat(DatabaseFailures.isTransient(new SQLException("cannot connect", "08001",
                new SQLException("value too long", "22001")))).as("any cause that blames the statement").isFalse();
    }

    @Test
    void aFailureThatIsNoDatabaseFailureDoesNot() {
        assertThat(DatabaseFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(DatabaseFailures.isTransient(new IllegalStateException("no event"))).isFalse();
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new PersistenceException("could not execute statement", new RuntimeException(cause));
    }
}
