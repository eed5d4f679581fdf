package dev.exportflow.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvents {@code type} of every event, with the topic it travels on and its payload class.
 * A breaking change gets a new type (and a new {@code .v2} name), never a rename.
 */
public enum EventType {

    EXPORT_REQUESTED("dev.exportflow.export.requested.v1", Topics.EXPORT_REQUESTED, ExportRequested.class),
    EXPORT_PROGRESS("dev.exportflow.export.progress.v1", Topics.EXPORT_PROGRESS, ExportProgress.class),
    /** On the progress topic after ExportProgress, which records without a {@code ce_type} are read as. */
    EXPORT_QUEUED("dev.exportflow.export.queued.v1", Topics.EXPORT_PROGRESS, ExportQueued.class),
    EXPORT_COMPLETED("dev.exportflow.export.completed.v1", Topics.EXPORT_COMPLETED, ExportCompleted.class),
    EXPORT_FAILED("dev.exportflow.export.failed.v1", Topics.EXPORT_FAILED, ExportFailed.class),
    EXPORT_CANCEL_REQUESTED("dev.exportflow.export.cancel-requested.v1", Topics.EXPORT_CANCEL_REQUESTED,
            ExportCancelRequested.class),
    EXPORT_CANCELLED("dev.exportflow.export.cancelled.v1", Topics.EXPORT_CANCELLED, ExportCancelled.class),
    EXPORT_NOTIFIED("dev.exportflow.export.notified.v1", Topics.EXPORT_NOTIFIED, ExportNotified.class),
    EXPORT_RESEND_REQUESTED("dev.exportflow.export.resend-requested.v1", Topics.EXPORT_RESEND_REQUESTED,
            ExportResendRequested.class);

    private final String ceType;
    private final String topic;
    private final Class<? extends ExportEvent> payloadClass;

    EventType(String ceType, String topic, Class<? extends ExportEvent> payloadClass) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends ExportEvent> payloadClass() {
        return payloadClass;
    }

    public static EventType of(ExportEvent event) {
        return ofPayload(event.getClass());
    }

    public static EventType ofPayload(Class<?> payloadClass) {
        return Arrays.stream(values())
                .filter(type -> type.payloadClass == payloadClass)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not an ExportFlow event: " + payloadClass.getName()));
    }

    public static Optional<EventType> ofTopic(String topic) {
        return Arrays.stream(values()).filter(type -> type.topic.equals(topic)).findFirst();
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(type -> type.ceType.equals(ceType)).findFirst();
    }
}
