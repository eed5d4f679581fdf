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
        EventType type = EventType.of(event);
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateId = event.jobId();
        row.topic = type.topic();
        row.eventType = type.ceType();
        row.payload = EventJson.writeString(event);
        row.createdAt = Instant.now();
        row.traceParent = TraceParent.of(Context.current());
        row.persist();
        written.fire(new OutboxWritten(row.id));
        return row.id;
    }

    /** Fired inside the writing transaction; observed after its commit to wake the relay. */
    public record OutboxWritten(UUID id) {
    }
}
