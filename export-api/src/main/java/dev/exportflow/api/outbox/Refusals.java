package dev.exportflow.api.outbox;

import java.util.Optional;

import dev.exportflow.events.serde.UnreadableEventException;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a permanent refusal of an outbox row from a passing failure: a record too large or invalid, or a row whose
 * event cannot be read or written, fails the same way on every try; anything else (the broker away, a timeout, a
 * missing ACL) heals, and the row waits.
 */
final class Refusals {

    private Refusals() {
    }

    /** @return why the row can never be sent, or empty when trying again may succeed */
    static Optional<String> permanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof InvalidRecordException || cause instanceof SerializationException
                    || cause instanceof UnreadableEventException) {
                return Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        }
        return Optional.empty();
    }
}
