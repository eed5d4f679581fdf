package dev.exportflow.worker.csv;

import dev.exportflow.worker.format.ColumnKind;
import dev.exportflow.worker.format.ExportColumn;
import dev.exportflow.worker.format.PostgresText;

/**
 * Defuses CSV injection (OWASP): a spreadsheet runs a cell as a formula when it starts with {@code = + - @} (also their
 * full-width forms {@code ＝ ＋ － ＠}, which spreadsheets fold to the ASCII ones), also after leading spaces or tabs,
 * or when it starts with a tab, a carriage return or a line feed. Such text gets a leading single quote and is shown
 * as typed.
 */
public final class FormulaGuard {

    /** Which values of a column are defused. */
    public enum Policy {
        /** Values that cannot hold a formula: SQL numbers, dates, booleans, UUIDs. */
        NONE,
        /** Any text. */
        TEXT,
        /** Text the catalog declares numeric: a value that is a number stays as it is, any other is defused like text. */
        NUMERIC_TEXT
    }

    private FormulaGuard() {
    }

    /** Only text can hold a formula; text declared numeric is exempt only where it is a number. */
    public static Policy policyOf(ExportColumn column) {
        if (column.kind() != ColumnKind.TEXT) {
            return Policy.NONE;
        }
        return column.declaredNumeric() ? Policy.NUMERIC_TEXT : Policy.TEXT;
    }

    /** The value as the column's policy lets it into the file. */
    public static String apply(Policy policy, String value) {
        return switch (policy) {
            case NONE -> value;
            case TEXT -> neutralise(value);
            case NUMERIC_TEXT -> PostgresText.isNumber(value) ? value : neutralise(value);
        };
    }

    public static String neutralise(String text) {
        return looksLikeFormula(text) ? "'" + text : text;
    }

    public static boolean looksLikeFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        if (first == '\t' || first == '\r' || first == '\n') {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (startsFormula(c)) {
                return true;
            }
            if (c != ' ' && c != '\t' && !Character.isSpaceChar(c)) {
                return false;
            }
        }
        return false;
    }

    private static boolean startsFormula(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\uFF1D' || c == '\uFF0B' || c == '\uFF0D' || c == '\uFF20';
    }

}
