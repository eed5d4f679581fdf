package dev.exportflow.worker.export;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.exportflow.worker.WorkerConfig;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

/**
 * Starts the worker's periodic tasks on the Quarkus scheduler, each at the interval its configuration key sets. A task
 * still running when its next tick comes skips that tick.
 */
@ApplicationScoped
public class WorkerClocks {

    private final WorkerConfig config;
    private final Scheduler scheduler;
    private final LeaseHeartbeat heartbeat;
    private final ProgressReporter progress;
    private final LeaseReaper reaper;
    private final Dispatcher dispatcher;
    private final OutcomeSweep sweep;
    private final ClaimPruning pruning;
    private final QueuedAcknowledgements acknowledgements;

    public WorkerClocks(WorkerConfig config, Scheduler scheduler, LeaseHeartbeat heartbeat, ProgressReporter progress,
            LeaseReaper reaper, Dispatcher dispatcher, OutcomeSweep sweep, ClaimPruning pruning,
            QueuedAcknowledgements acknowledgements) {
        this.config = config;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
        this.progress = progress;
        this.reaper = reaper;
        this.dispatcher = dispatcher;
        this.sweep = sweep;
        this.pruning = pruning;
        this.acknowledgements = acknowledgements;
    }

    void start(@Observes StartupEvent startup) {
        schedule("export-heartbeat", config.heartbeat(), heartbeat::beat);
        schedule("export-progress", config.progressInterval(), progress::reportAll);
        schedule("export-reaper", config.reaperInterval(), reaper::reap);
        schedule("export-outcome-sweep", config.outcomeSweepInterval(), sweep::sweep);
        schedule("export-claim-pruning", config.claimPruneInterval(), pruning::prune);
        // jobs that other replicas or the reaper queued: nobody wakes this replica up for them
        schedule("export-poll", config.pollInterval(), dispatcher::wakeUp);
        schedule("export-queued-acknowledgements", config.pollInterval(), acknowledgements::publishDue);
    }

    private void schedule(String name, Duration every, Runnable task) {
        scheduler.newJob(name)
                .setInterval(every.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> task.run())
                .schedule();
    }
}
