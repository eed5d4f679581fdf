package dev.exportflow.events.dataset;

import java.util.List;

/** The dataset configuration has mistakes; the message lists all of them. */
public class InvalidCatalogException extends IllegalStateException {

    private final List<String> mistakes;

    public InvalidCatalogException(List<String> mistakes) {
        super("The dataset catalog (exportflow.datasets.*) has " + mistakes.size() + " mistake(s):\n  - "
                + String.join("\n  - ", mistakes));
        this.mistakes = List.copyOf(mistakes);
    }

    public List<String> mistakes() {
        return mistakes;
    }
}
