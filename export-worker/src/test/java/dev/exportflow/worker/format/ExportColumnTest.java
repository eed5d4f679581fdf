package dev.exportflow.worker.format;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.exportflow.worker.csv.FormulaGuard;

import static org.assertj.core.api.Assertions.assertThat;

/** Which columns are guarded against formulas: text always, text the catalog declares numeric except its numbers. */
class ExportColumnTest {

    @Test
    void onlyTextIsGuardedAndTextDeclaredNumericKeepsOnlyItsNumbers() {
        assertThat(FormulaGuard.policyOf(new ExportColumn("a", ColumnKind.TEXT, false))).isEqualTo(FormulaGuard.Policy.TEXT);
        assertThat(FormulaGuard.policyOf(new ExportColumn("a", ColumnKind.TEXT, true)))
                .isEqualTo(FormulaGuard.Policy.NUMERIC_TEXT);
        assertThat(FormulaGuard.policyOf(new ExportColumn("a", ColumnKind.NUMBER, false))).isEqualTo(FormulaGuard.Policy.NONE);
        assertThat(FormulaGuard.policyOf(new ExportColumn("a", ColumnKind.NUMBER, true))).isEqualTo(FormulaGuard.Policy.NONE);
        for (ColumnKind kind : List.of(ColumnKind.BOOLEAN, ColumnKind.DATE, ColumnKind.PLAIN, ColumnKind.TIMESTAMP,
                ColumnKind.TIMESTAMP_WITH_ZONE, ColumnKind.BYTES)) {
            assertThat(FormulaGuard.policyOf(new ExportColumn("a", kind, true))).as(kind.name())
                    .isEqualTo(FormulaGuard.Policy.NONE);
        }
    }

    @Test
    void onlyTextDeclaredNumericIsNumericText() {
        assertThat(new ExportColumn("a", ColumnKind.TEXT, true).numericText()).isTrue();
        assertThat(new ExportColumn("a", ColumnKind.TEXT, false).numericText()).isFalse();
        assertThat(new ExportColumn("a", ColumnKind.NUMBER, true).numericText()).isFalse();
    }
}
