package dev.exportflow.api.storage;

/** The object store could not do what was asked. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
