package dev.exportflow.worker.csv;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which columns are guarded against formulas: text always, text the catalog declares numeric except its numbers. */
class CsvColumnTest {

    @Test
    void onlyTextIsGuardedAndTextDeclaredNumericKeepsOnlyItsNumbers() {
        assertThat(CsvColumn.guard(ColumnKind.TEXT, false)).isEqualTo(FormulaGuard.Policy.TEXT);
        assertThat(CsvColumn.guard(ColumnKind.TEXT, true)).isEqualTo(FormulaGuard.Policy.NUMERIC_TEXT);
        assertThat(CsvColumn.guard(ColumnKind.NUMBER, false)).isEqualTo(FormulaGuard.Policy.NONE);
        assertThat(CsvColumn.guard(ColumnKind.NUMBER, true)).isEqualTo(FormulaGuard.Policy.NONE);
        for (ColumnKind kind : List.of(ColumnKind.BOOLEAN, ColumnKind.PLAIN, ColumnKind.TIMESTAMP,
                ColumnKind.TIMESTAMP_WITH_ZONE, ColumnKind.BYTES)) {
            assertThat(CsvColumn.guard(kind, true)).as(kind.name()).isEqualTo(FormulaGuard.Policy.NONE);
        }
    }
}
