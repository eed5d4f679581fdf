package dev.exportflow.worker.claim;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes onto a running claim what its run learned: the upload, the file, and the end the run came to. Every write is
 * fenced by the run's token: a run that lost its lease (to another replica, or to a later run of its own replica) gets
 * {@code false} or nothing and cannot overwrite the work of the run that took over. An ending leaves its outcome owed
 * ({@code outcome_published_at} null) until it is published.
 */
@ApplicationScoped
public class ClaimOutcomes {

    private static final String FENCE = " where job_id = ? and generation = ? and run_token = ? and state = 'RUNNING'";

    private static final String RECORD_UPLOAD = "update export_claim set upload_id = ?, updated_at = now()" + FENCE;

    private static final String RECORD_FILE = """
            update export_claim set object_key = ?, file_name = ?, content_type = ?, row_count = ?, byte_count = ?,
                   sha256 = ?, updated_at = now()""" + FENCE;

    private static final String MARK_SUCCEEDED = """
            update export_claim set state = 'SUCCEEDED', upload_id = null, error_code = null, error_message = null,
                   retryable = null, owner = null, lease_until = null, finished_at = now(), outcome_published_at = null,
                   updated_at = now()""" + FENCE + " returning " + ClaimRows.COLUMNS;

    private static final String MARK_FAILED = """
            update export_claim set state = 'FAILED', error_code = ?, error_message = ?, retryable = ?,
                   owner = null, lease_until = null, finished_at = now(), outcome_published_at = null,
                   updated_at = now()""" + FENCE + " returning " + ClaimRows.COLUMNS;

    private static final String MARK_CANCELLED = """
            update export_claim set state = 'CANCELLED', cancel_requested = true, owner = null, lease_until = null,
                   finished_at = now(), outcome_published_at = null, updated_at = now()""" + FENCE
            + " returning " + ClaimRows.COLUMNS;

    private static final String RETRY_LATER = """
            update export_claim set state = 'PENDING', owner = null, lease_until = null,
                   not_before = now() + ? * interval '1 millisecond', error_code = ?, error_message = ?,
                   updated_at = now()""" + FENCE;

    /** The interrupted run does not count as an attempt. */
    private static final String HAND_BACK = """
            update export_claim set state = 'PENDING', owner = null, lease_until = null, not_before = null,
                   attempts = greatest(attempts - 1, 0), updated_at = now()""" + FENCE;

    private final ClaimJdbc jdbc;

    public ClaimOutcomes(ClaimJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Kept so that the next run can abort the upload should this one not get to it. */
    public boolean recordUpload(Run run, String uploadId) {
        return jdbc.update(RECORD_UPLOAD, uploadId, run.key().jobId(), run.key().generation(), run.token()) == 1;
    }

    /**
     * Written right before the upload is completed: it proves that the run still holds its claim, and a crash right
     * after completing still finds the file's facts.
     */
    public boolean recordFile(Run run, StoredFile file) {
        return jdbc.update(RECORD_FILE, file.objectKey(), file.fileName(), file.contentType(), file.rows(), file.bytes(),
                file.sha256(), run.key().jobId(), run.key().generation(), run.token()) == 1;
    }

    /** @return the ended claim, its outcome owed; empty when the run no longer holds the claim */
    public Optional<Claim> markSucceeded(Run run) {
        return ended(MARK_SUCCEEDED, run.key().jobId(), run.key().generation(), run.token());
    }

    /** @return the ended claim, its outcome owed; empty when the run no longer holds the claim */
    public Optional<Claim> markFailed(Run run, RecordedFailure failure) {
        return ended(MARK_FAILED, failure.code(), failure.message(), failure.retryable(), run.key().jobId(),
                run.key().generation(), run.token());
    }

    /** @return the ended claim, its outcome owed; empty when the run no longer holds the claim */
    public Optional<Claim> markCancelled(Run run) {
        return ended(MARK_CANCELLED, run.key().jobId(), run.key().generation(), run.token());
    }

    /** Puts a job that hit a transient failure back in the queue, to run again (anywhere) after {@code delay}. */
    public boolean retryLater(Run run, Duration delay, RecordedFailure failure) {
        return jdbc.update(RETRY_LATER, delay.toMillis(), failure.code(), failure.message(), run.key().jobId(),
                run.key().generation(), run.token()) == 1;
    }

    /** Gives a job back to the queue on shutdown, for another replica to run. */
    public boolean handBack(Run run) {
        return jdbc.update(HAND_BACK, run.key().jobId(), run.key().generation(), run.token()) == 1;
    }

    private Optional<Claim> ended(String sql, Object... values) {
        return jdbc.withConnection(connection -> ClaimRows.query(connection, sql, values)).stream().findFirst();
    }
}
