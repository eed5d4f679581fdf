package dev.exportflow.api.admin;

import java.util.List;

import dev.exportflow.events.dataset.Violation;

/** The {@code limit} query parameter of the operator listings: a whole number from 1 to a maximum. */
final class QueryLimit {

    static final String FIELD = "limit";

    private QueryLimit() {
    }

    /**
     * @return the limit, {@code defaultValue} when none is given, or {@code defaultValue} with a violation added to
     *         {@code violations} when the text is not a whole number from 1 to {@code max}
     */
    static int parse(String text, int defaultValue, int max, List<Violation> violations) {
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, like a number out of range
        }
        violations.add(new Violation(FIELD, "must be a whole number from 1 to " + max));
        return defaultValue;
    }
}
