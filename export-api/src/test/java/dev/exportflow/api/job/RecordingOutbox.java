package dev.exportflow.api.job;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.exportflow.api.outbox.Outbox;
import dev.exportflow.events.ExportEvent;

/** An outbox for unit tests: keeps what would have been written. */
final class RecordingOutbox extends Outbox {

    final List<ExportEvent> events = new ArrayList<>();

    RecordingOutbox() {
        super(null);
    }

    @Override
    public UUID add(ExportEvent event) {
        events.add(event);
        return UUID.randomUUID();
    }
}
