package dev.exportflow.events.dataset;

/**
 * Output options of one result column.
 *
 * @param label header text, or null for the query's column label
 * @param numeric exempt from formula neutralisation
 */
public record Column(String label, boolean numeric) {
}
