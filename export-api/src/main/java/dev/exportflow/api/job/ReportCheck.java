package dev.exportflow.api.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.Requester;
import dev.exportflow.events.storage.ObjectKeys;

/**
 * The rules a worker or notifier report must keep before it may touch its job. Kafka records are untrusted input:
 * whoever can write to a topic must not make the api hand out another object, end another user's job, or store
 * values that break the job store or the pages that show them. Throws {@link RefusedEventException} for a report that
 * breaks one.
 */
public final class ReportCheck {

    /** Reports from before this, or further in the future than {@link #CLOCK_SKEW}, are not from a running system. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Duration CLOCK_SKEW = Duration.ofDays(1);
    static final int MAX_NAME = 255;
    static final int MAX_TEXT = 4000;

    private final String bucket;
    private final Clock clock;

    /** @param bucket the one bucket export files live in */
    public ReportCheck(String bucket, Clock clock) {
        this.bucket = bucket;
        this.clock = clock;
    }

    /** @throws RefusedEventException naming the first rule the report breaks */
    public void check(ExportJob job, ExportEvent report) {
        require(report.generation() >= 1, "invalid", "generation " + report.generation());
        Instant at = report.occurredAt();
        require(at != null && plausible(at), "invalid", "occurredAt " + at);
        if (report instanceof ExportProgress progress) {
            require(progress.rows() >= 0 && progress.bytes() >= 0
                    && (progress.estimatedTotalRows() == null || progress.estimatedTotalRows() >= 0), "invalid",
                    "negative count");
        } else if (report instanceof ExportCompleted completed) {
            completed(job, completed);
        } else if (report instanceof ExportFailed failed) {
            requester(job, failed.requester());
            require(name(failed.errorCode(), 64), "invalid", "errorCode");
            require(text(failed.message()), "invalid", "message");
            require(failed.attempts() >= 0, "invalid", "attempts " + failed.attempts());
        } else if (report instanceof ExportNotified notified) {
            require(name(notified.channel(), 32) && notified.outcome() != null, "invalid", "channel or outcome");
            require(optionalName(notified.about()) && optionalName(notified.recipient()) && text(notified.reason()),
                    "invalid", "about, recipient or reason");
        }
    }

    private void completed(ExportJob job, ExportCompleted completed) {
        requester(job, completed.requester());
        require(Objects.equals(job.dataset, completed.dataset()), "foreign-object", "dataset " + completed.dataset());
        require(bucket.equals(completed.bucket()), "foreign-object", "bucket " + completed.bucket());
        require(ObjectKeys.belongsTo(completed.objectKey(), job.id, completed.generation()), "foreign-object",
                "object key " + completed.objectKey());
        require(completed.objectKey().equals(ObjectKeys.of(job.id, completed.generation(), completed.fileName()))
                && name(completed.fileName(), MAX_NAME), "foreign-object", "file name " + completed.fileName());
        require(name(completed.contentType(), MAX_NAME) && optionalName(completed.sha256()), "invalid",
                "contentType or sha256");
        require(completed.rows() >= 0 && completed.bytes() >= 0, "invalid", "negative count");
        // the claim's start is the worker database's clock, its end the worker's: either may be a little ahead
        require(completed.startedAt() == null || plausible(completed.startedAt()), "invalid",
                "startedAt " + completed.startedAt());
    }

    private boolean plausible(Instant at) {
        return !at.isBefore(EARLIEST) && !at.isAfter(clock.instant().plus(CLOCK_SKEW));
    }

    private static void requester(ExportJob job, Requester requester) {
        require(requester != null && job.ownerId.equals(requester.userId()) && Objects.equals(job.tenant, requester.tenant()),
                "requester-mismatch", requester == null ? "no requester"
                        : "requester " + requester.userId() + " of tenant " + requester.tenant());
    }

    /** A short one-line value: present, not blank, no control characters. */
    private static boolean name(String value, int max) {
        return value != null && !value.isBlank() && value.length() <= max && value.chars().noneMatch(Character::isISOControl);
    }

    private static boolean optionalName(String value) {
        return value == null || name(value, MAX_NAME);
    }

    /** Free text, maybe several lines: no other control characters (PostgreSQL's text cannot even hold NUL). */
    private static boolean text(String value) {
        return value == null || value.length() <= MAX_TEXT && value.chars()
                .noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }

    private static void require(boolean rule, String reason, String detail) {
        if (!rule) {
            throw new RefusedEventException(reason, detail);
        }
    }
}
