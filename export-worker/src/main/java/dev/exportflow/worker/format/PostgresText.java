package dev.exportflow.worker.format;

import java.time.format.DateTimeFormatter;

/** Values as PostgreSQL prints them (the driver's text protocol), turned into the text files should carry. */
public final class PostgresText {

    private PostgresText() {
    }

    /** {@code t} and {@code f} as {@code true} and {@code false}; anything else as it is. */
    public static String bool(String text) {
        return "t".equals(text) ? "true" : "f".equals(text) ? "false" : text;
    }

    /**
     * PostgreSQL's ISO output ({@code 2024-03-01 10:15:00.5+01}, {@code 2024-03-01 09:15:00}) as ISO 8601
     * ({@code 2024-03-01T10:15:00.5+01:00}, {@code Z} for UTC), the same text {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
     * gives. Values it cannot have come from (infinity, BC, years past 9999) stay as PostgreSQL printed them.
     */
    public static String isoTimestamp(String text) {
        if (text == null || text.length() < 19 || text.charAt(10) != ' ' || text.endsWith(" BC")) {
            return text;
        }
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (sign < 19) {
            return text.substring(0, 10) + 'T' + text.substring(11);
        }
        StringBuilder iso = new StringBuilder(text.length() + 4).append(text, 0, 10).append('T').append(text, 11, sign);
        if (text.length() - sign == 3) {
            return text.startsWith("00", sign + 1) ? iso.append('Z').toString()
                    : iso.append(text, sign, text.length()).append(":00").toString();
        }
        return iso.append(text, sign, text.length()).toString();
    }

    /**
     * A plain decimal number as a database or a person writes it: an optional sign, digits with an optional point,
     * an optional exponent ({@code -12.50}, {@code +7}, {@code 1e-3}); nothing before or after it. {@code NaN} and
     * {@code Infinity}, which PostgreSQL's numeric can hold, are no numbers to a spreadsheet or JSON.
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
