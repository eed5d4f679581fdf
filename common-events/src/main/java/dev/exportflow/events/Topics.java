package dev.exportflow.events;

import java.time.Duration;
import java.util.List;

/**
 * Every Kafka topic of ExportFlow and its settings. devstack creates topics from {@link #ALL};
 * the Kubernetes manifests under {@code deploy/} declare the same values.
 */
public final class Topics {

    public static final String EXPORT_REQUESTED = "export-requested";
    public static final String EXPORT_PROGRESS = "export-progress";
    public static final String EXPORT_COMPLETED = "export-completed";
    public static final String EXPORT_FAILED = "export-failed";
    public static final String EXPORT_CANCEL_REQUESTED = "export-cancel-requested";
    public static final String EXPORT_CANCELLED = "export-cancelled";
    public static final String EXPORT_NOTIFIED = "export-notified";
    /** The owner asked for the email of a finished export again; consumed by the notifier. */
    public static final String EXPORT_RESEND_REQUESTED = "export-resend-requested";
    public static final String EXPORT_REQUESTED_DLQ = "export-requested.dlq";
    /** What the notifier could not act on: unreadable records, and emails given up after the last attempt. */
    public static final String EXPORT_NOTIFY_DLQ = "export-notify.dlq";

    /** Bounds worker parallelism: one partition is worked by one consumer at a time. */
    public static final int DEFAULT_PARTITIONS = 12;

    /** {@code export-requested} must stay replayable for at least a week. */
    public static final Duration REPLAYABLE_RETENTION = Duration.ofDays(7);

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(EXPORT_REQUESTED, DEFAULT_PARTITIONS, REPLAYABLE_RETENTION),
            new TopicSpec(EXPORT_PROGRESS, DEFAULT_PARTITIONS, Duration.ofDays(1)),
            new TopicSpec(EXPORT_COMPLETED, DEFAULT_PARTITIONS, REPLAYABLE_RETENTION),
            new TopicSpec(EXPORT_FAILED, DEFAULT_PARTITIONS, REPLAYABLE_RETENTION),
            new TopicSpec(EXPORT_CANCEL_REQUESTED, DEFAULT_PARTITIONS, REPLAYABLE_RETENTION),
            new TopicSpec(EXPORT_CANCELLED, DEFAULT_PARTITIONS, REPLAYABLE_RETENTION),
            new TopicSpec(EXPORT_NOTIFIED, DEFAULT_PARTITIONS, REPLAYABLE_RETENTION),
            new TopicSpec(EXPORT_RESEND_REQUESTED, DEFAULT_PARTITIONS, REPLAYABLE_RETENTION),
            new TopicSpec(EXPORT_REQUESTED_DLQ, 1, Duration.ofDays(30)),
            new TopicSpec(EXPORT_NOTIFY_DLQ, 1, Duration.ofDays(30)));

    private Topics() {
    }

    /** Name, partition count and retention of one topic. */
    public record TopicSpec(String name, int partitions, Duration retention) {
    }
}
