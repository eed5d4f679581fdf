package dev.exportflow.api.readmodel;

import java.time.Duration;

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

    private final RetentionConfig retention;
    private final MeterRegistry metrics;
    private final ProgressThrottle throttle;

    public ReadModelService(RetentionConfig retention, ReadModelConfig config, MeterRegistry metrics) {
        this.retention = retention;
        this.metrics = metrics;
        this.throttle = new ProgressThrottle(config.progressInterval(), System::nanoTime);
    }

    /** Applies one event in its own transaction, under the job's row lock. */
    @Transactional
    public JobStateMachine.Result apply(ExportEvent event) {
        if (event instanceof ExportProgress && throttle.skip(event.jobId())) {
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
                throttle.ended(job.id);
                metrics.counter("exportflow.exports.finished", "status", job.status.name(), "dataset", job.dataset)
                        .increment();
                if (job.startedAt != null && job.finishedAt != null) {
                    metrics.timer("exportflow.exports.duration", "status", job.status.name())
                            .record(Duration.between(job.startedAt, job.finishedAt));
                }
            }
        }
        if (event instanceof ExportProgress && result == JobStateMachine.Result.APPLIED) {
            throttle.written(job.id);
        }
        return result;
    }
}
