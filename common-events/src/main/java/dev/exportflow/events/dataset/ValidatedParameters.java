package dev.exportflow.events.dataset;

import java.util.List;
import java.util.Map;

/**
 * The outcome of checking a request's parameters against a dataset.
 *
 * @param values canonical text of every request-bound parameter that has a value (given or default)
 * @param violations everything wrong; empty when the request is valid
 */
public record ValidatedParameters(Map<String, String> values, List<Violation> violations) {

    public boolean valid() {
        return violations.isEmpty();
    }
}
