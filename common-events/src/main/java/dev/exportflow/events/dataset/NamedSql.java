package dev.exportflow.events.dataset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SQL text with {@code :name} placeholders, turned into JDBC {@code ?} placeholders plus the
 * order in which the named values must be bound. Placeholders inside quoted text, quoted
 * identifiers and comments are left alone, and so are PostgreSQL casts ({@code ::date}).
 *
 * @param jdbcSql the SQL with {@code ?} placeholders
 * @param bindOrder the parameter name for each {@code ?}, in order (a name may repeat)
 */
public record NamedSql(String jdbcSql, List<String> bindOrder) {

    public static NamedSql parse(String sql) {
        StringBuilder jdbc = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closingQuote(sql, i, c);
                jdbc.append(sql, i, end);
                i = end;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                jdbc.append(sql, i, end);
                i = end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
                jdbc.append(sql, i, end);
                i = end;
            } else if (c == ':' && sql.startsWith("::", i)) {
                jdbc.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                jdbc.append('?');
                i = end;
            } else {
                jdbc.append(c);
                i++;
            }
        }
        return new NamedSql(jdbc.toString(), List.copyOf(names));
    }

    /** The distinct parameter names, in order of first use. */
    public Set<String> names() {
        return new LinkedHashSet<>(bindOrder);
    }

    private static int closingQuote(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote is an escaped quote
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
