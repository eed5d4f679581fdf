package dev.exportflow.notifier.outage;

/** The application stops: work that waited for a dependency is given up here and left for the next start. */
public class StoppingException extends RuntimeException {

    public StoppingException() {
        super("The application is stopping");
    }
}
