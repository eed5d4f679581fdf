package dev.exportflow.worker.source;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.exportflow.events.dataset.NamedSql;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The declared cursor against the real source database: every row once and in order, across fetch boundaries. */
@QuarkusTest
class SourceCursorTest {

    private static final int FETCH_SIZE = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final NamedSql NUMBERS = NamedSql.parse("""
            select g as n, 'row ' || g as label from generate_series(1, cast(:count as int)) as g
            where cast(:after as int) is null or g > cast(:after as int)
            order by g""");

    @Inject
    SourceDatabase source;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, FETCH_SIZE - 1, FETCH_SIZE, FETCH_SIZE + 1, 3 * FETCH_SIZE})
    void everyRowOnceInOrderWhateverTheFetchBoundaries(int count) throws Exception {
        assertThat(readAll(values(count, null))).isEqualTo(numbers(1, count));
    }

    @Test
    void parametersAreBoundToTheDeclaredQuery() throws Exception {
        assertThat(readAll(values(10, 7))).isEqualTo(numbers(8, 10));
    }

    @Test
    void theColumnsAreKnownBeforeTheFirstRowIsRead() throws Exception {
        try (SourceCursor cursor = source.open(NUMBERS, values(3, null), TIMEOUT, FETCH_SIZE, null)) {
            assertThat(cursor.columns().getColumnCount()).isEqualTo(2);
            assertThat(cursor.columns().getColumnLabel(2)).isEqualTo("label");
            assertThat(cursor.next()).isTrue();
            assertThat(cursor.row().getString(1)).isEqualTo("1");
        }
    }

    @Test
    void anErrorWhileRowsAreFetchedReachesTheReader() throws Exception {
        NamedSql failing = NamedSql.parse("select 10 / (cast(:count as int) - g) from generate_series(1, 10) as g");
        try (SourceCursor cursor = source.open(failing, List.of(FETCH_SIZE + 2), TIMEOUT, FETCH_SIZE, null)) {
            assertThatThrownBy(() -> {
                while (cursor.next()) {
                    cursor.row().getString(1);
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("division by zero");
        }
    }

    @Test
    void aQueryTheDatabaseRejectsFailsWhenTheCursorIsDeclared() {
        NamedSql broken = NamedSql.parse("select * from no_such_table where id = :id");
        assertThatThrownBy(() -> source.open(broken, List.of(1), TIMEOUT, FETCH_SIZE, null))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("no_such_table");
    }

    private List<String> readAll(List<Object> values) throws Exception {
        List<String> read = new ArrayList<>();
        try (SourceCursor cursor = source.open(NUMBERS, values, TIMEOUT, FETCH_SIZE, null)) {
            while (cursor.next()) {
                read.add(cursor.row().getString(1) + ":" + new String(cursor.row().getBytes(2), StandardCharsets.UTF_8));
            }
            assertThat(cursor.next()).as("still at the end").isFalse();
        }
        return read;
    }

    /** The values of NUMBERS' placeholders, in the order they appear in its SQL. */
    private static List<Object> values(int count, Integer after) {
        return NUMBERS.bindOrder().stream().map(name -> "count".equals(name) ? (Object) count : after).toList();
    }

    private static List<String> numbers(int first, int last) {
        List<String> expected = new ArrayList<>();
        for (int n = first; n <= last; n++) {
            expected.add(n + ":row " + n);
        }
        return expected;
    }
}
