package dev.exportflow.worker.csv;

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

    /** The value as the column's policy lets it into the file. */
    public static String apply(Policy policy, String value) {
        return switch (policy) {
            case NONE -> value;
            case TEXT -> neutralise(value);
            case NUMERIC_TEXT -> isNumber(value) ? value : neutralise(value);
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

    /**
     * A plain decimal number as a database or a person writes it: an optional sign, digits with an optional point,
     * an optional exponent ({@code -12.50}, {@code +7}, {@code 1e-3}); nothing before or after it.
     */
    public static boolean isNumber(String text) {
        int length = text.length();
        int i = 0;
        if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        for (; i < length && isDigit(text.charAt(i)); i++) {
            digits++;
        }
        if (i < length && text.charAt(i) == '.') {
            for (i++; i < length && isDigit(text.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            for (; i < length && isDigit(text.charAt(i)); i++) {
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == length;
    }

    private static boolean startsFormula(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\uFF1D' || c == '\uFF0B' || c == '\uFF0D' || c == '\uFF20';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
