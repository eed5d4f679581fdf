package dev.exportflow.notifier.delivery;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportResendRequested;

/** Which email a delivery is, and the event that asks for it. */
public enum EmailKind {

    /** "Your export is ready": once per job and generation. */
    COMPLETED("completed", ExportCompleted.class),
    /** "Your export could not be created": once per job and generation. */
    FAILED("failed", ExportFailed.class),
    /** The "ready" email again, with a fresh link, because the owner asked: once per resend request. */
    RESEND("completed", ExportResendRequested.class);

    private final String about;
    private final Class<? extends ExportEvent> eventClass;

    EmailKind(String about, Class<? extends ExportEvent> eventClass) {
        this.about = about;
        this.eventClass = eventClass;
    }

    /** As {@code ExportNotified.about} says it: {@code completed} or {@code failed}. */
    public String about() {
        return about;
    }

    /** For logs and metric tags: {@code completed}, {@code failed} or {@code resend}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Class<? extends ExportEvent> eventClass() {
        return eventClass;
    }

    /** Whether the email carries a download link. */
    public boolean hasLink() {
        return this != FAILED;
    }

    public static Optional<EmailKind> of(ExportEvent event) {
        return Arrays.stream(values()).filter(kind -> kind.eventClass.isInstance(event)).findFirst();
    }
}
