package dev.exportflow.events.dataset;

import java.util.List;

/**
 * One checked parameter of a dataset.
 *
 * @param allowed the only accepted values (canonical text); empty when any value of the type is fine
 * @param min inclusive lower bound in canonical text, or null
 * @param max inclusive upper bound in canonical text, or null
 * @param maxLength longest accepted string, or null for {@link #DEFAULT_MAX_LENGTH}
 * @param defaultValue canonical value used when the request gives none, or null
 * @param notBefore the name of another parameter of the same type this one may not be less than (a range's start
 *        for its end), or null
 */
public record Parameter(
        String name,
        ParameterType type,
        boolean required,
        ParameterSource source,
        List<String> allowed,
        String min,
        String max,
        Integer maxLength,
        String defaultValue,
        String description,
        String notBefore) {

    /** The longest string a parameter accepts unless the catalog says otherwise. */
    public static final int DEFAULT_MAX_LENGTH = 1000;

    public boolean fromRequest() {
        return source == ParameterSource.REQUEST;
    }

    /**
     * Checks one request value.
     *
     * @return the canonical text of the value
     * @throws IllegalArgumentException with a message for the user
     */
    String check(Object jsonValue) {
        String value = type.normalize(jsonValue);
        if (!allowed.isEmpty() && !allowed.contains(value)) {
            throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
        }
        if (min != null && type.compare(value, min) < 0) {
            throw new IllegalArgumentException("must be at least " + min);
        }
        if (max != null && type.compare(value, max) > 0) {
            throw new IllegalArgumentException("must be at most " + max);
        }
        int longest = maxLength != null ? maxLength : DEFAULT_MAX_LENGTH;
        if (type == ParameterType.STRING && value.length() > longest) {
            throw new IllegalArgumentException("must be at most " + longest + " characters long");
        }
        return value;
    }
}
