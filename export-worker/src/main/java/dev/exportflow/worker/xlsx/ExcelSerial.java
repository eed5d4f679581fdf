package dev.exportflow.worker.xlsx;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Excel's date-time serial numbers (days since 1900-01-00, the time of day as the fraction) read straight from
 * PostgreSQL's ISO text: {@code 2024-03-31}, {@code 2024-03-31 01:30:00.25}, {@code 2024-03-31 01:30:00+02}. A parse
 * through java.time's formatters costs more than the rest of a cell; this reads the digits where they stand. Whatever is
 * not in that exact shape (infinity, BC, five-digit years) answers null, and so does a date before 1900-03-01, which
 * Excel's serials cannot show faithfully (they count a 29 February 1900 that never was); such a value stays text.
 */
final class ExcelSerial {

    /** 1900-03-01: the first day whose serial (61) counts the days right. */
    private static final long FIRST_FAITHFUL_DAY = LocalDate.of(1900, 3, 1).toEpochDay();
    /** 1899-12-30 is serial 0 for every day from {@link #FIRST_FAITHFUL_DAY} on. */
    private static final long SERIAL_ZERO = LocalDate.of(1899, 12, 30).toEpochDay();
    /** Ten decimals of a day: 8.64 microseconds, finer than any format shows. */
    private static final long FRACTION_UNITS = 10_000_000_000L;

    private ExcelSerial() {
    }

    /** A {@code date} value's serial, or null. */
    static String ofDate(String text) {
        if (text.length() != 10) {
            return null;
        }
        long day = epochDay(text);
        return day < FIRST_FAITHFUL_DAY ? null : Long.toString(day - SERIAL_ZERO);
    }

    /**
     * A {@code timestamp} or {@code timestamptz} value's serial, or null.
     *
     * @param zone the zone to show a value with an offset in; null keeps its wall-clock time as printed (the database
     *        session already printed it in the export's zone)
     */
    static String ofTimestamp(String text, ZoneId zone) {
        int length = text.length();
        if (length < 19 || text.charAt(10) != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        long day = epochDay(text);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (day == Long.MIN_VALUE || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        long micros = 0;
        if (i < length && text.charAt(i) == '.') {
            int scale = 100_000;
            for (i++; i < length && isDigit(text.charAt(i)); i++) {
                if (scale == 0) {
                    return null; // PostgreSQL prints at most microseconds
                }
                micros += (text.charAt(i) - '0') * scale;
                scale /= 10;
            }
        }
        long microsOfDay = ((hour * 60L + minute) * 60L + second) * 1_000_000L + micros;
        if (i < length) {
            int offsetSeconds = offsetSeconds(text, i);
            if (offsetSeconds == Integer.MIN_VALUE) {
                return null;
            }
            if (zone != null) {
                long epochSecond = day * 86_400L + microsOfDay / 1_000_000L - offsetSeconds;
                long local;
                try {
                    local = epochSecond + zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
                } catch (DateTimeException e) {
                    return null;
                }
                day = Math.floorDiv(local, 86_400L);
                microsOfDay = Math.floorMod(local, 86_400L) * 1_000_000L + micros;
            }
        }
        if (day < FIRST_FAITHFUL_DAY) {
            return null;
        }
        return serial(day - SERIAL_ZERO, microsOfDay);
    }

    /** Days, a point and up to ten decimals (no trailing zeros); a whole day as an integer. */
    static String serial(long days, long microsOfDay) {
        // round(microsOfDay / 86,400,000,000 * 10^10) in integers: 10^10 / 86,400,000,000 = 125 / 1080
        long fraction = (microsOfDay * 125 + 540) / 1080;
        if (fraction == FRACTION_UNITS) {
            days++;
            fraction = 0;
        }
        if (fraction == 0) {
            return Long.toString(days);
        }
        char[] decimals = new char[10];
        for (int i = decimals.length - 1; i >= 0; i--, fraction /= 10) {
            decimals[i] = (char) ('0' + fraction % 10);
        }
        int end = decimals.length;
        while (decimals[end - 1] == '0') {
            end--;
        }
        return new StringBuilder(22).append(days).append('.').append(decimals, 0, end).toString();
    }

    /** The day of {@code yyyy-mm-dd} at the start of the text as an epoch day, or {@link Long#MIN_VALUE}. */
    private static long epochDay(String text) {
        if (text.charAt(4) != '-' || text.charAt(7) != '-') {
            return Long.MIN_VALUE;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int dayOfMonth = digits(text, 8, 10);
        if (year < 0 || month < 0 || dayOfMonth < 0) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDate.of(year, month, dayOfMonth).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** {@code +hh}, {@code +hh:mm} or {@code +hh:mm:ss} from {@code from} to the end, or {@link Integer#MIN_VALUE}. */
    private static int offsetSeconds(String text, int from) {
        char sign = text.charAt(from);
        int length = text.length() - from;
        if ((sign != '+' && sign != '-') || (length != 3 && length != 6 && length != 9)) {
            return Integer.MIN_VALUE;
        }
        int seconds = 0;
        for (int part = 0, at = from + 1; at < text.length(); part++, at += 3) {
            if (part > 0 && text.charAt(at - 1) != ':') {
                return Integer.MIN_VALUE;
            }
            int value = digits(text, at, at + 2);
            if (value < 0) {
                return Integer.MIN_VALUE;
            }
            seconds = seconds * 60 + value;
        }
        seconds *= length == 3 ? 3600 : length == 6 ? 60 : 1;
        return sign == '-' ? -seconds : seconds;
    }

    /** The decimal digits between {@code from} and {@code to}, or -1 if anything else stands there. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
