package dev.exportflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;

import dev.exportflow.events.serde.UnreadableEventException;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** What the relay quarantines and what it waits out. */
class RefusalsTest {

    @Test
    void recordsKafkaCanNeverTakeArePermanent() {
        assertThat(Refusals.permanent(new ExecutionException(new RecordTooLargeException("too large")))).isPresent();
        assertThat(Refusals.permanent(new InvalidRecordException("bad"))).isPresent();
        assertThat(Refusals.permanent(new SerializationException("no"))).isPresent();
        assertThat(Refusals.permanent(new UnreadableEventException("unknown type"))).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("UnreadableEventException: unknown type"));
    }

    @Test
    void whatHealsIsNotPermanent() {
        assertThat(Refusals.permanent(new TimeoutException("no broker"))).isEmpty();
        assertThat(Refusals.permanent(new NetworkException("reset"))).isEmpty();
        assertThat(Refusals.permanent(new TopicAuthorizationException("no ACL yet"))).isEmpty();
        assertThat(Refusals.permanent(new IllegalStateException("producer closed"))).isEmpty();
    }
}
