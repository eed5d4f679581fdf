package dev.exportflow.events.serde;

/** A record whose value cannot be read as the event its topic promises: it belongs in a dead-letter topic. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
