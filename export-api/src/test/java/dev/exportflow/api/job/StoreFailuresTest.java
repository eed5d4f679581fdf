package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

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
}
