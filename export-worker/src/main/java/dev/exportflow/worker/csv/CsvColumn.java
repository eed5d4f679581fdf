package dev.exportflow.worker.csv;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.exportflow.events.dataset.Column;

/**
 * One column of the file.
 *
 * @param label the header text
 * @param guard which of its values are defused when they look like a formula
 */
public record CsvColumn(String label, ColumnKind kind, FormulaGuard.Policy guard) {

    /** The columns of a query result, with the dataset's per-column options (by the query's column label). */
    public static List<CsvColumn> of(ResultSetMetaData metaData, Map<String, Column> options) throws SQLException {
        List<CsvColumn> columns = new ArrayList<>(metaData.getColumnCount());
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String sqlLabel = metaData.getColumnLabel(i);
            Column option = options == null ? null : options.get(sqlLabel);
            ColumnKind kind = ColumnKind.of(metaData.getColumnType(i), metaData.getColumnTypeName(i));
            String label = option != null && option.label() != null ? option.label() : sqlLabel;
            columns.add(new CsvColumn(label, kind, guard(kind, option != null && option.numeric())));
        }
        return columns;
    }

    /** Only text can hold a formula; text declared numeric is exempt only where it is a number. */
    static FormulaGuard.Policy guard(ColumnKind kind, boolean declaredNumeric) {
        if (kind != ColumnKind.TEXT) {
            return FormulaGuard.Policy.NONE;
        }
        return declaredNumeric ? FormulaGuard.Policy.NUMERIC_TEXT : FormulaGuard.Policy.TEXT;
    }
}
