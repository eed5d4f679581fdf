package dev.exportflow.worker.claim;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes onto a running claim what its run learned: the upload, the file, and the end the run came to. Every write is
 * fenced by {@code owner}: a replica that lost its lease gets {@code false} and cannot overwrite the work of the one
 * that took over.
 */
@ApplicationScoped
public class ClaimOutcomes {

    private static final String RECORD_UPLOAD = """
            update export_claim set upload_id = ?, updated_at = now()
            where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""";

    private static final String RECORD_FILE = """
            update export_claim set object_key = ?, file_name = ?, content_type = ?, row_count = ?, byte_count = ?,
                   sha256 = ?, updated_at = now()
            where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""";

    private static final String MARK_SUCCEEDED = """
            update export_claim set state = 'SUCCEEDED', upload_id = null, error_code = null, error_message = null,
                   retryable = null, owner = null, lease_until = null, finished_at = now(), updated_at = now()
            where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""";

    private static final String MARK_FAILED = """
            update export_claim set state = 'FAILED', error_code = ?, error_message = ?, retryable = ?,
                   owner = null, lease_until = null, finished_at = now(), updated_at = now()
            where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""";

    private static final String MARK_CANCELLED = """
            update export_claim set state = 'CANCELLED', cancel_requested = true,
                   owner = null, lease_until = null, finished_at = now(), updated_at = now()
            where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""";

    private static final String RETRY_LATER = """
            update export_claim set state = 'PENDING', owner = null, lease_until = null,
                   not_before = now() + ? * interval '1 millisecond', error_code = ?, error_message = ?,
                   updated_at = now()
            where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""";

    /** The interrupted run does not count as an attempt. */
    private static final String HAND_BACK = """
            update export_claim set state = 'PENDING', owner = null, lease_until = null, not_before = null,
                   attempts = greatest(attempts - 1, 0), updated_at = now()
            where job_id = ? and generation = ? and owner = ? and state = 'RUNNING'""";

    private final ClaimJdbc jdbc;

    public ClaimOutcomes(ClaimJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Kept so that the next run can abort the upload should this one not get to it. */
    public boolean recordUpload(JobKey key, String owner, String uploadId) {
        return jdbc.update(RECORD_UPLOAD, uploadId, key.jobId(), key.generation(), owner) == 1;
    }

    /** Written before the upload is completed, so that a crash right after completing still finds the file's facts. */
    public boolean recordFile(JobKey key, String owner, StoredFile file) {
        return jdbc.update(RECORD_FILE, file.objectKey(), file.fileName(), file.contentType(), file.rows(), file.bytes(),
                file.sha256(), key.jobId(), key.generation(), owner) == 1;
    }

    public boolean markSucceeded(JobKey key, String owner) {
        return jdbc.update(MARK_SUCCEEDED, key.jobId(), key.generation(), owner) == 1;
    }

    public boolean markFailed(JobKey key, String owner, String code, String message, boolean retryable) {
        return jdbc.update(MARK_FAILED, code, message, retryable, key.jobId(), key.generation(), owner) == 1;
    }

    public boolean markCancelled(JobKey key, String owner) {
        return jdbc.update(MARK_CANCELLED, key.jobId(), key.generation(), owner) == 1;
    }

    /** Puts a job that hit a transient failure back in the queue, to run again (anywhere) after {@code delay}. */
    public boolean retryLater(JobKey key, String owner, Duration delay, String code, String message) {
        return jdbc.update(RETRY_LATER, delay.toMillis(), code, message, key.jobId(), key.generation(), owner) == 1;
    }

    /** Gives a job back to the queue on shutdown, for another replica to run. */
    public boolean handBack(JobKey key, String owner) {
        return jdbc.update(HAND_BACK, key.jobId(), key.generation(), owner) == 1;
    }
}
