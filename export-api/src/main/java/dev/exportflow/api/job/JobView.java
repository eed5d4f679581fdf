package dev.exportflow.api.job;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.events.CsvOptions;

/** A job as the API shows it (docs/architecture.md, "Job JSON"). */
public record JobView(
        UUID id,
        String dataset,
        String datasetTitle,
        JobStatus status,
        int generation,
        Map<String, String> parameters,
        String format,
        CsvOptions options,
        Progress progress,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Failure error,
        File file,
        Notification notification,
        Links links) {

    public static String path(UUID id) {
        return "/api/exports/" + id;
    }

    public static JobView of(ExportJob job) {
        String self = path(job.id);
        return new JobView(
                job.id,
                job.dataset,
                job.datasetTitle,
                job.status,
                job.generation,
                job.parameters,
                job.format,
                job.options,
                Progress.of(job),
                job.createdAt,
                job.startedAt,
                job.finishedAt,
                job.errorCode == null ? null
                        : new Failure(job.errorCode, job.errorMessage, Boolean.TRUE.equals(job.errorRetryable)),
                job.fileName == null || job.status == JobStatus.DELETED ? null
                        : new File(job.fileName, job.fileContentType, job.fileSize, job.fileRows, job.fileSha256,
                                job.fileExpiresAt),
                job.notificationOutcome == null ? null
                        : new Notification(job.notificationChannel, job.notificationOutcome, job.notificationReason,
                                job.notificationAt),
                new Links(self, self + "/events", self + "/cancel", self + "/download"));
    }

    /**
     * @param percent 0-100 when the total is known (or the job succeeded), else null
     */
    public record Progress(long rows, long bytes, Long estimatedTotalRows, Double percent) {

        static Progress of(ExportJob job) {
            long rows = job.rowsWritten == null ? 0 : job.rowsWritten;
            long bytes = job.bytesWritten == null ? 0 : job.bytesWritten;
            Double percent = null;
            if (job.status == JobStatus.SUCCEEDED || job.status == JobStatus.EXPIRED) {
                percent = 100.0;
            } else if (job.estimatedTotalRows != null && job.estimatedTotalRows > 0) {
                percent = Math.min(99.9, Math.round(1000.0 * rows / job.estimatedTotalRows) / 10.0);
            }
            return new Progress(rows, bytes, job.estimatedTotalRows, percent);
        }
    }

    /** Why a job failed, in words a person understands (the {@code error} member). */
    public record Failure(String code, String message, boolean retryable) {
    }

    /** The finished file (none once the export is DELETED); {@code expiresAt} is when retention deletes it. */
    public record File(String name, String contentType, Long size, Long rows, String sha256, Instant expiresAt) {
    }

    /** The outcome of telling the user: {@code outcome} is {@code SENT} or {@code FAILED}. */
    public record Notification(String channel, String outcome, String reason, Instant at) {
    }

    public record Links(String self, String events, String cancel, String download) {
    }
}
