package dev.exportflow.api.readmodel;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.retention.RetentionConfig;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportProgress;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/** Keeps the job store in step with what workers and the notifier report. */
@ApplicationScoped
public class ReadModelService {

    private static final int MAX_TRACKED_JOBS = 10_000;

    private final RetentionConfig retention;
    private final ReadModelConfig config;
    private final MeterRegistry metrics;
    private final Map<UUID, Long> lastProgressWrite = new ConcurrentHashMap<>();

    public ReadModelService(RetentionConfig retention, ReadModelConfig config, MeterRegistry metrics) {
        this.retention = retention;
        this.config = config;
        this.metrics = metrics;
    }

    /** Applies one event in its own transaction, under the job's row lock. */
    @Transactional
    public JobStateMachine.Result apply(ExportEvent event) {
        if (event instanceof ExportProgress && throttled(event.jobId())) {
            return JobStateMachine.Result.IGNORED;
        }
        ExportJob job = ExportJob.findById(event.jobId(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            Log.warnf("job %s: %s for an unknown job; ignored", event.jobId(), EventType.of(event).ceType());
            return JobStateMachine.Result.IGNORED;
        }
        JobStatus before = job.status;
        JobStateMachine.Result result = JobStateMachine.apply(job, event, retention.fileRetention());
        if (result == JobStateMachine.Result.IGNORED) {
            Log.debugf("job %s: ignored %s of generation %d (job is %s, generation %d)", job.id,
                    EventType.of(event).ceType(), event.generation(), job.status, job.generation);
        } else if (before != job.status) {
            Log.infof("job %s: %s -> %s", job.id, before, job.status);
            if (job.status.terminal()) {
                lastProgressWrite.remove(job.id);
                metrics.counter("exportflow.exports.finished", "status", job.status.name(), "dataset", job.dataset)
                        .increment();
                if (job.startedAt != null && job.finishedAt != null) {
                    metrics.timer("exportflow.exports.duration", "status", job.status.name())
                            .record(Duration.between(job.startedAt, job.finishedAt));
                }
            }
        }
        if (event instanceof ExportProgress) {
            if (lastProgressWrite.size() > MAX_TRACKED_JOBS) {
                lastProgressWrite.clear();
            }
            lastProgressWrite.put(event.jobId(), System.nanoTime());
        }
        return result;
    }

    private boolean throttled(UUID jobId) {
        Long last = lastProgressWrite.get(jobId);
        return last != null && System.nanoTime() - last < config.progressInterval().toNanos();
    }
}
