package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.job.JobLifecycle.Result;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;

import org.junit.jupiter.api.Test;

/** An operator's retry of a failed job: a new generation, and the old generation's reports move nothing. */
class JobRetryTest {

    private static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant RETRIED = T0.plus(Duration.ofHours(3));

    private final RecordingOutbox outbox = new RecordingOutbox();
    private final JobInterventions interventions = new JobInterventions(outbox, null);
    private final JobLifecycle lifecycle = new JobLifecycle(outbox, Duration.ofDays(7), Duration.ofMinutes(1));

    @Test
    void aFailedJobRunsAgainAsTheNextGenerationWithEverythingOfTheFailedRunCleared() {
        ExportJob job = failedJob();

        interventions.retry(job, RETRIED);

        assertThat(job.status).isEqualTo(JobStatus.QUEUED);
        assertThat(job.generation).isEqualTo(2);
        assertThat(job.requestedAt).isEqualTo(RETRIED);
        assertThat(job.createdAt).as("history keeps its place").isEqualTo(T0);
        assertThat(job.errorCode).isNull();
        assertThat(job.errorMessage).isNull();
        assertThat(job.errorRetryable).isNull();
        assertThat(job.rowsWritten).isNull();
        assertThat(job.startedAt).isNull();
        assertThat(job.finishedAt).isNull();
        assertThat(job.queuedAt).isNull();
        assertThat(job.redrives).isZero();
        assertThat(job.notificationOutcome).isNull();
        assertThat(outbox.events).singleElement().isInstanceOfSatisfying(ExportRequested.class, event -> {
            assertThat(event.generation()).isEqualTo(2);
            assertThat(event.occurredAt()).isEqualTo(RETRIED);
            assertThat(event.requestedAt()).isEqualTo(RETRIED);
            assertThat(event.parameters()).isEqualTo(job.parameters);
        });
        assertThat(JobLifecycle.requested(job)).as("a re-drive sends the same request").isEqualTo(outbox.events.get(0));
    }

    @Test
    void reportsOfTheFailedGenerationMoveNothingAndTheNewOneRuns() {
        ExportJob job = failedJob();
        interventions.retry(job, RETRIED);

        assertThat(lifecycle.apply(job, new ExportFailed(job.id, 1, RETRIED, null, "orders", "Orders", "QUERY_FAILED",
                "late", 3, true))).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(job, new ExportProgress(job.id, 1, RETRIED, 5, 50, null))).isEqualTo(Result.IGNORED);
        assertThat(lifecycle.apply(job, new ExportCompleted(job.id, 1, RETRIED, null, "orders", "Orders", "exports",
                "exports/" + job.id + "/1/orders.csv", "orders.csv", "text/csv", 1, 1, "ff", null))).isEqualTo(Result.IGNORED);
        assertThat(job.status).isEqualTo(JobStatus.QUEUED);

        assertThat(lifecycle.apply(job, new ExportProgress(job.id, 2, RETRIED.plusSeconds(1), 5, 50, null)))
                .isEqualTo(Result.APPLIED);
        assertThat(job.status).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void onlyAFailedJobIsRetried() {
        for (JobStatus status : JobStatus.values()) {
            if (status == JobStatus.FAILED) {
                continue;
            }
            ExportJob job = failedJob();
            job.status = status;
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> interventions.retry(job, RETRIED));
            assertThat(refused).as(status.name()).isNotNull();
            assertThat(refused.problem().getStatus()).isEqualTo(409);
            assertThat(job.status).isEqualTo(status);
            assertThat(job.generation).isEqualTo(1);
        }
        assertThat(outbox.events).isEmpty();
    }

    private static ExportJob failedJob() {
        ExportJob job = new ExportJob();
        job.id = UUID.randomUUID();
        job.ownerId = "owner";
        job.ownerEmail = "owner@example.com";
        job.tenant = "acme";
        job.dataset = "orders";
        job.datasetTitle = "Orders";
        job.parameters = Map.of("status", "PAID");
        job.format = "csv";
        job.options = CsvOptions.defaults();
        job.status = JobStatus.FAILED;
        job.generation = 1;
        job.createdAt = T0;
        job.requestedAt = T0;
        job.startedAt = T0.plusSeconds(1);
        job.finishedAt = T0.plusSeconds(9);
        job.rowsWritten = 10L;
        job.queuedAt = T0;
        job.redrives = 1;
        job.errorCode = "QUERY_FAILED";
        job.errorMessage = "The source database did not answer.";
        job.errorRetryable = true;
        job.notificationOutcome = "SENT";
        return job;
    }
}
