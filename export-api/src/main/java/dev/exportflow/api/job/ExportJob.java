package dev.exportflow.api.job;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.Requester;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One export job: the request, its state and, once done, its file. Never an API body: see {@link JobView}. An update
 * writes only the columns that changed: a report does not write the request's parameters and options (JSON) again.
 */
@Entity
@Table(name = "export_job")
@DynamicUpdate
public class ExportJob extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(name = "owner_email")
    public String ownerEmail;

    public String tenant;

    public String locale;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(nullable = false)
    public String dataset;

    @Column(name = "dataset_title", nullable = false)
    public String datasetTitle;

    /** Canonical text of every request-bound parameter (given or defaulted). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> parameters;

    @Column(nullable = false)
    public String format;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public CsvOptions options;

    /** SHA-256 of the canonical request: same value, same export. */
    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;

    @Column(nullable = false)
    public int generation;

    @Column(name = "rows_written")
    public Long rowsWritten;

    @Column(name = "bytes_written")
    public Long bytesWritten;

    @Column(name = "estimated_total_rows")
    public Long estimatedTotalRows;

    @Column(name = "progress_at")
    public Instant progressAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the current generation was requested: the creation, or the retry that started it. */
    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "error_retryable")
    public Boolean errorRetryable;

    @Column(name = "file_bucket")
    public String fileBucket;

    @Column(name = "file_object_key")
    public String fileObjectKey;

    @Column(name = "file_name")
    public String fileName;

    @Column(name = "file_content_type")
    public String fileContentType;

    @Column(name = "file_size")
    public Long fileSize;

    @Column(name = "file_rows")
    public Long fileRows;

    @Column(name = "file_sha256")
    public String fileSha256;

    @Column(name = "file_expires_at")
    public Instant fileExpiresAt;

    @Column(name = "notification_channel")
    public String notificationChannel;

    @Column(name = "notification_about")
    public String notificationAbout;

    @Column(name = "notification_recipient")
    public String notificationRecipient;

    @Column(name = "notification_outcome")
    public String notificationOutcome;

    @Column(name = "notification_reason")
    public String notificationReason;

    @Column(name = "notification_at")
    public Instant notificationAt;

    @Column(name = "expired_at")
    public Instant expiredAt;

    @Column(name = "last_resend_at")
    public Instant lastResendAt;

    /** When a worker first acknowledged the current generation's request (ExportQueued); null: not yet. */
    @Column(name = "queued_at")
    public Instant queuedAt;

    /** How often the watchdog wrote the job's request or cancel request again. */
    @Column(nullable = false)
    public int redrives;

    @Column(name = "redriven_at")
    public Instant redrivenAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public Requester requester() {
        return new Requester(ownerId, ownerEmail, locale, tenant, timeZone);
    }

    public boolean ownedBy(String userId) {
        return ownerId.equals(userId);
    }
}
