package dev.exportflow.events.dataset;

/**
 * One thing wrong with an export request.
 *
 * @param field where, e.g. {@code dataset} or {@code parameters.from_date}
 * @param message what is wrong, for a person
 */
public record Violation(String field, String message) {
}
