package dev.exportflow.worker.format;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.exportflow.events.dataset.Column;

/**
 * One column of the file, the same for every format: its label (header text, JSON key, first cell of a sheet), how its
 * values are read and written, and whether the catalog declares its text numeric.
 *
 * @param declaredNumeric the catalog's {@code numeric=true}: values of a text column that are numbers are written as
 *        numbers (a CSV cell left bare, a number cell, a JSON number); any other value stays text
 */
public record ExportColumn(String label, ColumnKind kind, boolean declaredNumeric) {

    /** The columns of a query result, with the dataset's per-column options (by the query's column label). */
    public static List<ExportColumn> of(ResultSetMetaData metaData, Map<String, Column> options) throws SQLException {
        List<ExportColumn> columns = new ArrayList<>(metaData.getColumnCount());
        Set<String> labels = new HashSet<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String sqlLabel = metaData.getColumnLabel(i);
            Column option = options == null ? null : options.get(sqlLabel);
            ColumnKind kind = ColumnKind.of(metaData.getColumnType(i), metaData.getColumnTypeName(i));
            String label = unique(option != null && option.label() != null ? option.label() : sqlLabel, labels);
            columns.add(new ExportColumn(label, kind, option != null && option.numeric()));
        }
        return columns;
    }

    /** Text the catalog declares numeric: its numbers are numbers, its other values text. */
    public boolean numericText() {
        return kind == ColumnKind.TEXT && declaredNumeric;
    }

    /** A second column of the same label gets a suffix: JSON keys and spreadsheet headers should not repeat. */
    private static String unique(String label, Set<String> taken) {
        String candidate = label;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = label + "_" + n;
        }
        return candidate;
    }
}
