package dev.exportflow.api.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.readmodel.JobStateMachine.Result;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportProgress;

import org.junit.jupiter.api.Test;

class JobStateMachineTest {

    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");

    private final UUID id = UUID.randomUUID();

    @Test
    void progressStartsAQueuedJobAndOnlyEverMovesForward() {
        ExportJob job = job(JobStatus.QUEUED);

        assertThat(JobStateMachine.apply(job, progress(1, 100, T0.plusSeconds(2)), RETENTION)).isEqualTo(Result.APPLIED);
        assertThat(job.status).isEqualTo(JobStatus.RUNNING);
        assertThat(job.startedAt).isEqualTo(T0.plusSeconds(2));
        assertThat(job.rowsWritten).isEqualTo(100);

        assertThat(JobStateMachine.apply(job, progress(1, 40, T0.plusSeconds(1)), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(job.rowsWritten).isEqualTo(100);
        assertThat(job.startedAt).as("an earlier report moves the start back").isEqualTo(T0.plusSeconds(1));

        assertThat(JobStateMachine.apply(job, progress(1, 100, T0.plusSeconds(3)), RETENTION))
                .as("the same report twice").isEqualTo(Result.IGNORED);
    }

    @Test
    void eventsOfAnotherGenerationAreIgnored() {
        ExportJob job = job(JobStatus.RUNNING);
        job.generation = 2;

        assertThat(JobStateMachine.apply(job, completed(1), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(JobStateMachine.apply(job, progress(3, 5, T0), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(job.status).isEqualTo(JobStatus.RUNNING);
        assertThat(job.fileName).isNull();
    }

    @Test
    void theFirstEndingWinsAndLaterEndingsOrProgressAreIgnored() {
        ExportJob job = job(JobStatus.RUNNING);

        assertThat(JobStateMachine.apply(job, completed(1), RETENTION)).isEqualTo(Result.APPLIED);
        assertThat(job.status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.fileExpiresAt).isEqualTo(T0.plus(RETENTION));
        assertThat(job.fileRows).isEqualTo(10);

        assertThat(JobStateMachine.apply(job, completed(1), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(JobStateMachine.apply(job, failed(), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(JobStateMachine.apply(job, new ExportCancelled(id, 1, T0), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(JobStateMachine.apply(job, progress(1, 99_999, T0), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(job.status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.rowsWritten).isEqualTo(10);
        assertThat(job.errorCode).isNull();
    }

    @Test
    void aCancellingJobEndsCancelledOrWithTheFileTheWorkerFinishedFirst() {
        ExportJob cancelling = job(JobStatus.CANCELLING);
        assertThat(JobStateMachine.apply(cancelling, new ExportCancelled(id, 1, T0), RETENTION)).isEqualTo(Result.APPLIED);
        assertThat(cancelling.status).isEqualTo(JobStatus.CANCELLED);

        ExportJob raced = job(JobStatus.CANCELLING);
        assertThat(JobStateMachine.apply(raced, completed(1), RETENTION)).isEqualTo(Result.APPLIED);
        assertThat(raced.status).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aFailureKeepsItsCodeMessageAndRetryability() {
        ExportJob job = job(JobStatus.QUEUED);
        assertThat(JobStateMachine.apply(job, failed(), RETENTION)).isEqualTo(Result.APPLIED);
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

        assertThat(JobStateMachine.apply(job, sent, RETENTION)).isEqualTo(Result.APPLIED);
        assertThat(JobStateMachine.apply(job, olderFailure, RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(job.notificationOutcome).isEqualTo("SENT");
        assertThat(job.notificationReason).isNull();
    }

    @Test
    void anExpiredJobStaysExpired() {
        ExportJob job = job(JobStatus.EXPIRED);
        assertThat(JobStateMachine.apply(job, completed(1), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(JobStateMachine.apply(job, progress(1, 1, T0), RETENTION)).isEqualTo(Result.IGNORED);
        assertThat(job.status).isEqualTo(JobStatus.EXPIRED);
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
        return new ExportCompleted(id, generation, T0, null, "orders", "Orders", "exports",
                "exports/" + id + "/" + generation + "/orders.csv", "orders.csv", "text/csv", 10, 100, "ff");
    }

    private ExportFailed failed() {
        return new ExportFailed(id, 1, T0, null, "orders", "Orders", "DATASET_UNKNOWN", "The dataset was removed.", 1, false);
    }
}
