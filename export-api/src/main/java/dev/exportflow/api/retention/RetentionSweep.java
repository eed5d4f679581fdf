package dev.exportflow.api.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobLifecycle;
import dev.exportflow.api.storage.ObjectStorage;
import dev.exportflow.events.storage.ObjectKeys;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes the files of exports older than the retention period and marks those jobs EXPIRED; aborts incomplete
 * multipart uploads a crashed worker left behind, and deletes objects that are no job's file ({@link OrphanedObjects}).
 * The local S3 server has no lifecycle rules, so this is the only thing that frees the space. Several replicas may
 * sweep at once: each claims a batch of jobs with {@code FOR UPDATE SKIP LOCKED}, so no job is handled twice.
 */
@ApplicationScoped
public class RetentionSweep {

    private static final String CLAIM_EXPIRED = """
            select * from export_job
            where status = 'SUCCEEDED' and file_expires_at <= :now
            order by file_expires_at
            limit :limit
            for update skip locked""";

    private final RetentionConfig config;
    private final ObjectStorage storage;
    private final JobLifecycle lifecycle;
    private final MeterRegistry metrics;
    private final OrphanedObjects orphans;

    public RetentionSweep(RetentionConfig config, ObjectStorage storage, JobLifecycle lifecycle, MeterRegistry metrics,
            OrphanedObjects orphans) {
        this.config = config;
        this.storage = storage;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.orphans = orphans;
    }

    @Scheduled(every = "${exportflow.retention.every}", delayed = "30s", identity = "retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            Log.warnf("retention sweep failed, next run retries: %s", e.getMessage());
        }
    }

    /**
     * Expires every job whose file is past its expiry at {@code now}, batch by batch, then deletes the orphaned objects
     * older than the orphan grace at {@code now}.
     *
     * @return how many jobs were expired
     */
    public int sweep(Instant now) {
        int expired = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> expireBatch(now));
            expired += batch;
        } while (batch == config.batchSize());
        List<String> aborted = abortStale(config.staleUploadAge());
        List<String> orphaned = orphans.deleteOlderThan(now.minus(config.orphanGrace()));
        if (expired > 0 || !aborted.isEmpty() || !orphaned.isEmpty()) {
            Log.infof("retention: %d exports expired, %d stale uploads aborted, %d orphaned objects deleted", expired,
                    aborted.size(), orphaned.size());
        }
        return expired;
    }

    /** Aborts incomplete uploads of export files that started more than {@code age} ago. */
    public List<String> abortStale(Duration age) {
        return storage.abortStaleUploads(ObjectKeys.PREFIX, age);
    }

    @SuppressWarnings("unchecked")
    private int expireBatch(Instant now) {
        List<ExportJob> jobs = ExportJob.getEntityManager().createNativeQuery(CLAIM_EXPIRED, ExportJob.class)
                .setParameter("now", now)
                .setParameter("limit", config.batchSize())
                .getResultList();
        for (ExportJob job : jobs) {
            // The object goes first: should the delete fail, the row stays SUCCEEDED and the next sweep retries.
            storage.delete(job.fileBucket, job.fileObjectKey);
            lifecycle.expire(job, now);
            metrics.counter("exportflow.exports.expired").increment();
            Log.infof("job %s: file %s expired and deleted", job.id, job.fileObjectKey);
        }
        return jobs.size();
    }
}
