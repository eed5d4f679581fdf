package dev.exportflow.api.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.TraceParent;
import dev.exportflow.events.serde.EventJson;

import io.opentelemetry.context.Context;

/**
 * Records events in the caller's transaction. Nothing is sent here: {@link OutboxRelay} publishes
 * after the commit, so an event exists if and only if the state change that caused it was committed.
 * The row keeps the current trace context, so that the event continues the trace of the request.
 */
@ApplicationScoped
public class Outbox {

    private final Event<OutboxWritten> written;

    public Outbox(Event<OutboxWritten> written) {
        this.written = written;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID add(ExportEvent event) {
        OutboxEvent row = row(event, EventJson.writeString(event));
        row.persist();
        announce(row);
        return row.id;
    }

    /**
     * The row of an event, not stored yet: for a writer that inserts it with a statement of its own (a POST, see
     * {@code NewJobStore}) and then calls {@link #announce}.
     *
     * @param payload the event as JSON ({@link EventJson}), when the caller has it already
     */
    public OutboxEvent row(ExportEvent event, String payload) {
        EventType type = EventType.of(event);
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateId = event.jobId();
        row.topic = type.topic();
        row.eventType = type.ceType();
        row.payload = payload;
        row.createdAt = Instant.now();
        row.traceParent = TraceParent.of(Context.current());
        return row;
    }

    /**
     * Wakes the relay once the row is committed: when the transaction that stores it commits, or at once for a row
     * stored outside one (CDI calls a transactional observer at once when no transaction is active).
     */
    public void announce(OutboxEvent row) {
        written.fire(new OutboxWritten(row.id));
    }

    /** Fired inside the writing transaction; observed after its commit to wake the relay. */
    public record OutboxWritten(UUID id) {
    }
}
