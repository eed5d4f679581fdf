package dev.exportflow.events.dataset;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The type of a dataset parameter: how a request value is checked and normalised to canonical text
 * (which travels in the event), and how that text becomes a JDBC value in the worker.
 *
 * <p>Every value is bounded before it is converted: its text may be at most {@link #maxInputLength()} characters,
 * and a decimal or a date whose size would make the work that follows expensive (a plain-text form of
 * {@code 1e1100000} has a million digits) is refused by looking at its digits and exponent, never by expanding it.
 */
public enum ParameterType {

    STRING("text", 10_000) {
        @Override
        Object parse(String text) {
            return text;
        }
    },
    INTEGER("whole number", 32) {
        @Override
        Object parse(String text) {
            return Long.valueOf(text.strip());
        }
    },
    DECIMAL("decimal number", 80) {
        @Override
        Object parse(String text) {
            BigDecimal value = new BigDecimal(text.strip());
            // precision - scale = digits before the point; scale = digits after it (both without expanding the value)
            if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
                throw new OutOfBounds("must be less than 10^" + MAX_INTEGER_DIGITS + " in size");
            }
            if (value.scale() > MAX_FRACTION_DIGITS) {
                throw new OutOfBounds("must have at most " + MAX_FRACTION_DIGITS + " digits after the decimal point");
            }
            return value;
        }

        @Override
        String canonical(Object value) {
            return ((BigDecimal) value).toPlainString();
        }
    },
    BOOLEAN("true or false", 16) {
        @Override
        Object parse(String text) {
            String lower = text.strip().toLowerCase(Locale.ROOT);
            if (!lower.equals("true") && !lower.equals("false")) {
                throw new IllegalArgumentException(text);
            }
            return Boolean.valueOf(lower);
        }
    },
    DATE("date (YYYY-MM-DD)", 32) {
        @Override
        Object parse(String text) {
            LocalDate date = LocalDate.parse(text.strip());
            checkYear(date.getYear());
            return date;
        }
    },
    TIMESTAMP("timestamp with offset (e.g. 2026-01-31T23:00:00Z)", 64) {
        @Override
        Object parse(String text) {
            OffsetDateTime timestamp = OffsetDateTime.parse(text.strip());
            checkYear(timestamp.getYear());
            return timestamp;
        }
    };

    /** Digits a decimal may have before its point: PostgreSQL's {@code numeric(38, …)} range, far beyond any money. */
    public static final int MAX_INTEGER_DIGITS = 38;
    /** Digits a decimal may have after its point. */
    public static final int MAX_FRACTION_DIGITS = 20;
    /** Years a date or timestamp may have: the range every database and spreadsheet understands. */
    public static final int MIN_YEAR = 1;
    public static final int MAX_YEAR = 9999;

    private final String description;
    private final int maxInputLength;

    ParameterType(String description, int maxInputLength) {
        this.description = description;
        this.maxInputLength = maxInputLength;
    }

    /** What a person should type, for error messages and the dataset listing. */
    public String description() {
        return description;
    }

    /** The longest text of a value of this type that is looked at; longer input is refused unread. */
    public int maxInputLength() {
        return maxInputLength;
    }

    /** The typed value of canonical or user-given text; throws for text that is not of this type. */
    abstract Object parse(String text);

    String canonical(Object value) {
        return value.toString();
    }

    /** The JDBC value bound for canonical text. */
    public Object toJdbc(String canonical) {
        return canonical == null ? null : parse(canonical);
    }

    /**
     * Checks a value from a JSON request (string, number or boolean) and returns its canonical text.
     *
     * @throws IllegalArgumentException with a message for the user when it is not of this type or out of bounds
     */
    public String normalize(Object jsonValue) {
        if (jsonValue instanceof Map || jsonValue instanceof Collection) {
            throw new IllegalArgumentException("must be a single " + description + ", not a list or object");
        }
        String text = String.valueOf(jsonValue);
        if (text.length() > maxInputLength) {
            throw new IllegalArgumentException("must be a " + description + " of at most " + maxInputLength + " characters");
        }
        try {
            return canonical(parse(text));
        } catch (OutOfBounds e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("must be a " + description, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + description, e);
        }
    }

    /** Orders two canonical values of this type; used for min/max checks. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    int compare(String left, String right) {
        Comparable l = (Comparable) parse(left);
        Comparable r = (Comparable) parse(right);
        return l.compareTo(r);
    }

    private static void checkYear(int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new OutOfBounds("must be in the years " + MIN_YEAR + " to " + MAX_YEAR);
        }
    }

    /** A well-formed value outside what is accepted; its message is for the user as it is. */
    private static final class OutOfBounds extends IllegalArgumentException {

        OutOfBounds(String message) {
            super(message);
        }
    }
}
