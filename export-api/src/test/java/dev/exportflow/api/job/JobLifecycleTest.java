package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.exportflow.api.job.JobLifecycle.Result;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;

import org.junit.jupiter.api.Test;

class JobLifecycleTest {

    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");

    private final UUID id = UUID.randomUUID();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final JobLifecycle lifecycle = new JobLifecycle(outbox, RETENTION, Duration.ofMinutes(1));

    @Test
    void progressStartsAQueuedJobAndOnlyEverMovesForward() {
        ExportJob job = job(JobStatus.QUEUED);

        assertThat(lifecycle.apply(job, progress(1, 100, T0.plusSeconds(2)))).isEqualTo(Result.APPLIED);
        assertThat(job.status).isEqualTo(JobStatus.RUNNING);
        assertThat(job.startedAt).isEqualTo(T0.plusSeconds(2));
        assertThat(job.rowsWritten).isEqualTo(100);

        assertThat(lifecycle.apply(job, progress(1, 40, T0.plusSeconds(1)))).isEqualTo(Result.IGNORED);
        assertThat(job.rowsWritten).isEqualTo(100);
        assertThat(job.startedAt).as("an earlier report moves the start back").isEqualTo(T0.plusSeconds(1));

        assertThat(lifecycle.apply(job, progress(1, 100, T0.plusSeconds(3))))
                .as("the same report twice").isEqualTo(Result.IGNORED);
    }

    @Test
    void aJobThatEndsBeforeItsFirstProgressStartedWhenItsCompletionSays() {
        ExportJob job = job(JobStatus.QUEUED);

        assertThat(lifecycle.apply(job, completed(1, T0.minusMillis(80)))).isEqualTo(Result.APPLIED);
        assertThat(job.status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.startedAt).isEqualTo(T0.minusMillis(80));
        assertThat(job.finishedAt).isEqualTo(T0);

        ExportJob unsaid = job(JobStatus.QUEUED);
        lifecycle.apply(unsaid, completed(1, null));
        assertThat(unsaid.startedAt).as("a completion that does not say: it started when it ended").isEqualTo(T0);

        ExportJob skewed = job(JobStatus.QUEUED);
        lifecycle.apply(skewed, completed(1, T0.plusMillis(300)));
        assertThat(skewed.startedAt).as("a start after the end, by two clocks: it started when it ended").isEqualTo(T0);
    }

    @Test
    void eventsOfAnotherGenerationAreIgnored() {
        ExportJob job = job(JobStatus.RUNNING);
        job.generation = 2;

        assertThat(lifecycle.apply(job, completed(1))).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(job, progress(3, 5, T0))).isEqualTo(Result.IGNORED);
        assertThat(job.status).isEqualTo(JobStatus.RUNNING);
        assertThat(job.fileName).isNull();
    }

    @Test
    void theFirstEndingWinsAndLaterEndingsOrProgressAreIgnored() {
        ExportJob job = job(JobStatus.RUNNING);

        assertThat(lifecycle.apply(job, completed(1))).isEqualTo(Result.APPLIED);
        assertThat(job.status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.fileExpiresAt).isEqualTo(T0.plus(RETENTION));
        assertThat(job.fileRows).isEqualTo(10);

        assertThat(lifecycle.apply(job, completed(1))).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(job, failed())).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(job, new ExportCancelled(id, 1, T0))).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(job, progress(1, 99_999, T0))).isEqualTo(Result.IGNORED);
        assertThat(job.status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.rowsWritten).isEqualTo(10);
        assertThat(job.errorCode).isNull();
    }

    @Test
    void aCancellingJobEndsCancelledOrWithTheFileTheWorkerFinishedFirst() {
        ExportJob cancelling = job(JobStatus.CANCELLING);
        assertThat(lifecycle.apply(cancelling, new ExportCancelled(id, 1, T0))).isEqualTo(Result.APPLIED);
        assertThat(cancelling.status).isEqualTo(JobStatus.CANCELLED);

        ExportJob raced = job(JobStatus.CANCELLING);
        assertThat(lifecycle.apply(raced, completed(1))).isEqualTo(Result.APPLIED);
        assertThat(raced.status).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aFailureKeepsItsCodeMessageAndRetryability() {
        ExportJob job = job(JobStatus.QUEUED);
        assertThat(lifecycle.apply(job, failed())).isEqualTo(Result.APPLIED);
        assertThat(job.status).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorCode).isEqualTo("DATASET_UNKNOWN");
        assertThat(job.errorRetryable).isFalse();
    }

    @Test
    void theLatestNotificationWinsWhateverTheOrder() {
        ExportJob job = job(JobStatus.SUCCEEDED);
        ExportNotified sent = new ExportNotified(id, 1, T0.plusSeconds(10), "email", "completed", "a@example.com",
                ExportNotified.Outcome.SENT, null);
        ExportNotified olderFailure = new ExportNotified(id, 1, T0.plusSeconds(5), "email", "completed", "a@example.com",
                ExportNotified.Outcome.FAILED, "mailbox full");

        assertThat(lifecycle.apply(job, sent)).isEqualTo(Result.APPLIED);
        assertThat(lifecycle.apply(job, olderFailure)).isEqualTo(Result.IGNORED);
        assertThat(job.notificationOutcome).isEqualTo("SENT");
        assertThat(job.notificationReason).isNull();
    }

    @Test
    void anExpiredJobStaysExpired() {
        ExportJob job = job(JobStatus.EXPIRED);
        assertThat(lifecycle.apply(job, completed(1))).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(job, progress(1, 1, T0))).isEqualTo(Result.IGNORED);
        assertThat(job.status).isEqualTo(JobStatus.EXPIRED);
    }

    @Test
    void aCancelOfAQueuedOrRunningJobAsksTheWorkerOnceAndAnEndedJobRefuses() {
        for (JobStatus active : List.of(JobStatus.QUEUED, JobStatus.RUNNING)) {
            ExportJob job = job(active);
            lifecycle.requestCancel(job, "owner");
            assertThat(job.status).isEqualTo(JobStatus.CANCELLING);
            assertThat(job.cancelRequestedAt).isNotNull();
        }
        assertThat(outbox.events).hasSize(2).allSatisfy(event -> assertThat(event).isInstanceOf(ExportCancelRequested.class));

        ExportJob cancelling = job(JobStatus.CANCELLING);
        lifecycle.requestCancel(cancelling, "owner");
        assertThat(cancelling.status).isEqualTo(JobStatus.CANCELLING);
        ExportJob cancelled = job(JobStatus.CANCELLED);
        lifecycle.requestCancel(cancelled, "owner");
        assertThat(cancelled.status).isEqualTo(JobStatus.CANCELLED);
        assertThat(outbox.events).as("asking again changes nothing").hasSize(2);

        for (JobStatus ended : List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.EXPIRED, JobStatus.DELETED)) {
            ExportJob job = job(ended);
            assertThat(status(() -> lifecycle.requestCancel(job, "owner"))).isEqualTo(409);
            assertThat(job.status).isEqualTo(ended);
        }
        assertThat(outbox.events).hasSize(2);
    }

    @Test
    void aResendOfASucceededJobWritesItsEventOnceAMinuteAndKeepsTheStatus() {
        ExportJob job = job(JobStatus.SUCCEEDED);
        job.fileName = "orders.csv";
        Requester requester = new Requester("owner", "owner@example.com", null, "acme", null);

        lifecycle.requestResend(job, requester);
        assertThat(job.status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.lastResendAt).isNotNull();
        assertThat(outbox.events).singleElement().isInstanceOfSatisfying(ExportResendRequested.class, event -> {
            assertThat(event.requester()).isEqualTo(requester);
            assertThat(event.fileName()).isEqualTo("orders.csv");
        });

        assertThat(status(() -> lifecycle.requestResend(job, requester))).as("again within a minute").isEqualTo(429);
        assertThat(status(() -> lifecycle.requestResend(job(JobStatus.RUNNING), requester))).isEqualTo(409);
        assertThat(status(() -> lifecycle.requestResend(job(JobStatus.EXPIRED), requester))).isEqualTo(410);
        assertThat(outbox.events).hasSize(1);
    }

    @Test
    void onlyASucceededJobExpires() {
        ExportJob job = job(JobStatus.SUCCEEDED);
        lifecycle.expire(job, T0);
        assertThat(job.status).isEqualTo(JobStatus.EXPIRED);
        assertThat(job.expiredAt).isEqualTo(T0);

        ExportJob running = job(JobStatus.RUNNING);
        assertThatThrownBy(() -> lifecycle.expire(running, T0)).isInstanceOf(IllegalStateException.class);
        assertThat(running.status).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void reportsWriteNoEvents() {
        ExportJob job = job(JobStatus.QUEUED);
        lifecycle.apply(job, progress(1, 1, T0));
        lifecycle.apply(job, completed(1));
        assertThat(outbox.events).isEmpty();
    }

    @Test
    void noStatusMovesBackButARetriedFailureAndEndedJobsMoveNowhereButSucceededToExpiredAndAnyToDeleted() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(status.mayMoveTo(JobStatus.QUEUED)).as("%s -> QUEUED", status)
                    .isEqualTo(status == JobStatus.FAILED);
            assertThat(status.mayMoveTo(status)).as("%s -> itself", status).isFalse();
            assertThat(status.mayMoveTo(JobStatus.DELETED)).as("%s -> DELETED", status).isEqualTo(status.terminal()
                    && status != JobStatus.DELETED);
        }
        assertThat(JobStatus.SUCCEEDED.next()).containsExactlyInAnyOrder(JobStatus.EXPIRED, JobStatus.DELETED);
        assertThat(JobStatus.FAILED.next()).containsExactlyInAnyOrder(JobStatus.QUEUED, JobStatus.DELETED);
        assertThat(JobStatus.CANCELLED.next()).containsExactly(JobStatus.DELETED);
        assertThat(JobStatus.EXPIRED.next()).containsExactly(JobStatus.DELETED);
        assertThat(JobStatus.DELETED.next()).isEmpty();
        assertThat(JobStatus.CANCELLING.next()).doesNotContain(JobStatus.RUNNING);
    }

    @Test
    void anEndedJobIsDeletedOnceAndAnActiveOneIsAConflict() {
        for (JobStatus ended : List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED)) {
            ExportJob job = job(ended);
            lifecycle.delete(job, T0);
            assertThat(job.status).isEqualTo(JobStatus.DELETED);
            assertThat(job.deletedAt).isEqualTo(T0);
            lifecycle.delete(job, T0.plusSeconds(1));
            assertThat(job.deletedAt).as("deleting again changes nothing").isEqualTo(T0);
        }
        for (JobStatus active : JobStatus.ACTIVE) {
            ExportJob job = job(active);
            assertThat(status(() -> lifecycle.delete(job, T0))).isEqualTo(409);
            assertThat(job.status).isEqualTo(active);
        }
        ExportJob deleted = job(JobStatus.SUCCEEDED);
        lifecycle.delete(deleted, T0);
        assertThat(lifecycle.apply(deleted, completed(1))).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(deleted, progress(1, 5, T0))).isEqualTo(Result.IGNORED);
        assertThat(status(() -> lifecycle.requestResend(deleted, new Requester("owner", "o@example.com", null, "acme",
                null)))).isEqualTo(410);
        assertThat(deleted.status).isEqualTo(JobStatus.DELETED);
        assertThat(outbox.events).as("a delete writes no event").isEmpty();
    }

    /** The HTTP status of the problem {@code call} throws. */
    private static int status(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.problem().getStatus();
        }
        throw new AssertionError("no problem thrown");
    }

    private ExportJob job(JobStatus status) {
        ExportJob job = new ExportJob();
        job.id = id;
        job.status = status;
        job.generation = 1;
        job.createdAt = T0;
        return job;
    }

    private ExportProgress progress(int generation, long rows, Instant at) {
        return new ExportProgress(id, generation, at, rows, rows * 10, null);
    }

    private ExportCompleted completed(int generation) {
        return completed(generation, T0.minusSeconds(5));
    }

    private ExportCompleted completed(int generation, Instant startedAt) {
        return new ExportCompleted(id, generation, T0, null, "orders", "Orders", "exports",
                "exports/" + id + "/" + generation + "/orders.csv", "orders.csv", "text/csv", 10, 100, "ff", startedAt);
    }

    private ExportFailed failed() {
        return new ExportFailed(id, 1, T0, null, "orders", "Orders", "DATASET_UNKNOWN", "The dataset was removed.", 1, false);
    }
}
