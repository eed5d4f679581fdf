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
 * @param neutralise whether text that looks like a formula is defused; off for numeric columns
 */
public record CsvColumn(String label, ColumnKind kind, boolean neutralise) {

    /** The columns of a query result, with the dataset's per-column options (by the query's column label). */
    public static List<CsvColumn> of(ResultSetMetaData metaData, Map<String, Column> options) throws SQLException {
        List<CsvColumn> columns = new ArrayList<>(metaData.getColumnCount());
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String sqlLabel = metaData.getColumnLabel(i);
            Column option = options == null ? null : options.get(sqlLabel);
            ColumnKind kind = ColumnKind.of(metaData.getColumnType(i), metaData.getColumnTypeName(i));
            boolean numeric = kind == ColumnKind.NUMBER || option != null && option.numeric();
            String label = option != null && option.label() != null ? option.label() : sqlLabel;
            columns.add(new CsvColumn(label, kind, kind == ColumnKind.TEXT && !numeric));
        }
        return columns;
    }
}
