package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/** A store outage is retried; values the store refuses are the report's fault. */
class StoreFailuresTest {

    @Test
    void outagesAndRefusalsByTheStoreAreStoreFailures() {
        assertThat(StoreFailures.fromStore(new PersistenceException(new SQLException("gone", "08006")))).isTrue();
        assertThat(StoreFailures.fromStore(new RuntimeException(new SQLException("trigger", "P0001")))).isTrue();
        assertThat(StoreFailures.refusedValues(new PersistenceException(new SQLException("read only", "25006")))).isFalse();
        assertThat(StoreFailures.fromStore(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void dataAndIntegrityErrorsAreTheValuesFault() {
        assertThat(StoreFailures.refusedValues(new PersistenceException(new SQLException("nul", "22021")))).isTrue();
        assertThat(StoreFailures.refusedValues(new PersistenceException(new SQLException("check", "23514")))).isTrue();
        assertThat(StoreFailures.refusedValues(new PersistenceException(new SQLException("no connection")))).isFalse();
    }

    @Test
    void aStoreThatCannotBeReachedOrTakesNoWritesIsAnOutageOfItsOwn() {
        assertThat(StoreFailures.unavailable(new PersistenceException(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(StoreFailures.unavailable(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(StoreFailures.unavailable(new SQLException("shutting down", "57P01"))).isTrue();
        assertThat(StoreFailures.unavailable(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(StoreFailures.unavailable(new JDBCConnectionException("gone", new SQLException("gone")))).isTrue();
        assertThat(StoreFailures.unavailable(new PersistenceException(new SQLException("read-only", "25006")))).isTrue();
        assertThat(StoreFailures.unavailable(new SQLException("disk full", "53100"))).isTrue();
        assertThat(StoreFailures.unavailable(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(StoreFailures.unavailable(new SQLException("not in a transaction", "25P01"))).isFalse();
        assertThat(StoreFailures.unavailable(new PersistenceException(new SQLException("trigger", "P0001")))).isFalse();
        assertThat(StoreFailures.unavailable(new SQLException("statement timeout", "57014"))).isFalse();
        assertThat(StoreFailures.unavailable(new PersistenceException(new SQLException("no state")))).isFalse();
        assertThat(StoreFailures.unavailable(new IllegalStateException("a bug"))).isFalse();
    }
}
