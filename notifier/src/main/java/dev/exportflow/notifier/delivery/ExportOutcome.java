package dev.exportflow.notifier.delivery;

import java.util.Arrays;
import java.util.Optional;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;

/** Which finished export an email is about; part of the key "one email per job, generation and outcome". */
public enum ExportOutcome {

    COMPLETED("completed", ExportCompleted.class),
    FAILED("failed", ExportFailed.class);

    private final String wireName;
    private final Class<? extends ExportEvent> eventClass;

    ExportOutcome(String wireName, Class<? extends ExportEvent> eventClass) {
        this.wireName = wireName;
        this.eventClass = eventClass;
    }

    /** As {@code ExportNotified.about} says it: {@code completed} or {@code failed}. */
    public String wireName() {
        return wireName;
    }

    public Class<? extends ExportEvent> eventClass() {
        return eventClass;
    }

    public static Optional<ExportOutcome> of(ExportEvent event) {
        return Arrays.stream(values()).filter(outcome -> outcome.eventClass.isInstance(event)).findFirst();
    }
}
