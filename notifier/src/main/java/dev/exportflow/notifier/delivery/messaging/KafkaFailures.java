package dev.exportflow.notifier.delivery.messaging;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/** Tells a refusal of the record itself, which sending again cannot change, from a broker that is away or busy. */
final class KafkaFailures {

    private KafkaFailures() {
    }

    /** Whether Kafka refused the record for what it is (too large, invalid, not serializable). */
    static boolean refusesTheRecord(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
                    || cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }
}
