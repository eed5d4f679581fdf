package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.exportflow.api.support.Events;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.Requester;

import org.junit.jupiter.api.Test;

/** The rules of {@link ReportCheck}, one by one: what a report may not carry. */
class ReportCheckTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ReportCheck check = new ReportCheck("exports", Clock.fixed(NOW, ZoneOffset.UTC));
    private final ExportJob job = job("ada");

    @Test
    void aReportOfTheJobsOwnWorkerPasses() {
        String key = Events.objectKey(job.id, 1);
        assertThatCode(() -> check.check(job, completed(key, "exports", requester("ada", "acme")))).doesNotThrowAnyException();
        assertThatCode(() -> check.check(job, new ExportProgress(job.id, 1, NOW, 0, 0, null))).doesNotThrowAnyException();
        assertThatCode(() -> check.check(job, failed(requester("ada", "acme"), "QUERY_FAILED", "line one\nline two")))
                .doesNotThrowAnyException();
    }

    @Test
    void aCompletionMayStartAfterItEndsByTheClocksOfTwoMachines() {
        ExportCompleted completed = completed(Events.objectKey(job.id, 1), requester("ada", "acme"), NOW.plusMillis(300));
        assertThatCode(() -> check.check(job, completed)).doesNotThrowAnyException();
    }

    @Test
    void aCompletionMayNameOnlyAFileOfItsOwnJobGenerationInTheConfiguredBucket() {
        UUID other = UUID.randomUUID();
        refused(completed(Events.objectKey(job.id, 1), "elsewhere", requester("ada", "acme")), "foreign-object");
        refused(completed(Events.objectKey(other, 1), "exports", requester("ada", "acme")), "foreign-object");
        refused(completed("exports/" + job.id + "/1/../../" + other + "/1/f.csv", "exports", requester("ada", "acme")),
                "foreign-object");
        refused(completed("exports/" + job.id + "/2/f.csv", "exports", requester("ada", "acme")), "foreign-object");
        refused(completed("exports/" + job.id + "/1/sub/f.csv", "exports", requester("ada", "acme")), "foreign-object");
        refused(completed("secrets/" + job.id + "/1/f.csv", "exports", requester("ada", "acme")), "foreign-object");
    }

    @Test
    void theRequesterMustBeTheJobsOwnerInTheJobsTenant() {
        String key = Events.objectKey(job.id, 1);
        refused(completed(key, "exports", requester("bob", "acme")), "requester-mismatch");
        refused(completed(key, "exports", requester("ada", "globex")), "requester-mismatch");
        refused(completed(key, "exports", null), "requester-mismatch");
        refused(failed(requester("bob", "acme"), "QUERY_FAILED", "m"), "requester-mismatch");
    }

    @Test
    void countsTimesAndTextsOutOfRangeAreRefused() {
        refused(new ExportProgress(job.id, 1, NOW, -1, 0, null), "invalid");
        refused(new ExportProgress(job.id, 1, NOW, 1, -1, null), "invalid");
        refused(new ExportProgress(job.id, 1, NOW, 1, 1, -1L), "invalid");
        refused(new ExportProgress(job.id, 0, NOW, 1, 1, null), "invalid");
        refused(new ExportProgress(job.id, 1, null, 1, 1, null), "invalid");
        refused(new ExportProgress(job.id, 1, NOW.plusSeconds(2 * 86_400), 1, 1, null), "invalid");
        refused(new ExportProgress(job.id, 1, Instant.parse("1970-01-01T00:00:00Z"), 1, 1, null), "invalid");
        String key = Events.objectKey(job.id, 1);
        refused(completed(key, requester("ada", "acme"), NOW.plusSeconds(2 * 86_400)), "invalid");
        refused(completed(key, requester("ada", "acme"), Instant.parse("1970-01-01T00:00:00Z")), "invalid");
        refused(failed(requester("ada", "acme"), "", "m"), "invalid");
        refused(failed(requester("ada", "acme"), "CODE\nINJECTED", "m"), "invalid");
        refused(failed(requester("ada", "acme"), "QUERY_FAILED", "nul \u0000"), "invalid");
        refused(failed(requester("ada", "acme"), "QUERY_FAILED", "x".repeat(ReportCheck.MAX_TEXT + 1)), "invalid");
        refused(new ExportNotified(job.id, 1, NOW, "email", "completed", "a@example.com", null, null), "invalid");
        refused(new ExportNotified(job.id, 1, NOW, " ", "completed", "a@example.com", ExportNotified.Outcome.SENT, null),
                "invalid");
    }

    private void refused(ExportEvent report, String reason) {
        assertThatThrownBy(() -> check.check(job, report)).isInstanceOf(RefusedEventException.class)
                .extracting(e -> ((RefusedEventException) e).reason()).isEqualTo(reason);
    }

    private ExportCompleted completed(String key, String bucket, Requester requester) {
        return new ExportCompleted(job.id, 1, NOW, requester, "orders", "Orders", bucket, key,
                key.substring(key.lastIndexOf('/') + 1), "text/csv", 1, 1, "ab12", NOW.minusSeconds(1));
    }

    private ExportCompleted completed(String key, Requester requester, Instant startedAt) {
        ExportCompleted valid = completed(key, "exports", requester);
        return new ExportCompleted(valid.jobId(), valid.generation(), valid.occurredAt(), valid.requester(), valid.dataset(),
                valid.datasetTitle(), valid.bucket(), valid.objectKey(), valid.fileName(), valid.contentType(), valid.rows(),
                valid.bytes(), valid.sha256(), startedAt);
    }

    private ExportFailed failed(Requester requester, String code, String message) {
        return new ExportFailed(job.id, 1, NOW, requester, "orders", "Orders", code, message, 1, false);
    }

    private static Requester requester(String user, String tenant) {
        return new Requester(user, user + "@example.com", null, tenant, null);
    }

    private static ExportJob job(String owner) {
        ExportJob job = new ExportJob();
        job.id = UUID.randomUUID();
        job.ownerId = owner;
        job.tenant = "acme";
        job.dataset = "orders";
        job.status = JobStatus.QUEUED;
        job.generation = 1;
        return job;
    }
}
