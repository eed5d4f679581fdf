package dev.exportflow.devstack;

/** A devstack server could not be started or used; the message says what to do. */
public class DevStackException extends RuntimeException {

    public DevStackException(String message) {
        super(message);
    }

    public DevStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
