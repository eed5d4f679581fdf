package dev.exportflow.events.dataset;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The type of a dataset parameter: how a request value is checked and normalised to canonical text
 * (which travels in the event), and how that text becomes a JDBC value in the worker.
 */
public enum ParameterType {

    STRING("text") {
        @Override
        Object parse(String text) {
            return text;
        }
    },
    INTEGER("whole number") {
        @Override
        Object parse(String text) {
            return Long.valueOf(text.trim());
        }
    },
    DECIMAL("decimal number") {
        @Override
        Object parse(String text) {
            return new BigDecimal(text.trim());
        }

        @Override
        String canonical(Object value) {
            return ((BigDecimal) value).toPlainString();
        }
    },
    BOOLEAN("true or false") {
        @Override
        Object parse(String text) {
            String lower = text.trim().toLowerCase(Locale.ROOT);
            if (!lower.equals("true") && !lower.equals("false")) {
                throw new IllegalArgumentException(text);
            }
            return Boolean.valueOf(lower);
        }
    },
    DATE("date (YYYY-MM-DD)") {
        @Override
        Object parse(String text) {
            return LocalDate.parse(text.trim());
        }
    },
    TIMESTAMP("timestamp with offset (e.g. 2026-01-31T23:00:00Z)") {
        @Override
        Object parse(String text) {
            return OffsetDateTime.parse(text.trim());
        }
    };

    private final String description;

    ParameterType(String description) {
        this.description = description;
    }

    /** What a person should type, for error messages and the dataset listing. */
    public String description() {
        return description;
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
     * @throws IllegalArgumentException with a message for the user when it is not of this type
     */
    public String normalize(Object jsonValue) {
        if (jsonValue instanceof java.util.Map || jsonValue instanceof java.util.Collection) {
            throw new IllegalArgumentException("must be a single " + description + ", not a list or object");
        }
        try {
            return canonical(parse(String.valueOf(jsonValue)));
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
}
