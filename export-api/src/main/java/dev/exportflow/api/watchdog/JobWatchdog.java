package dev.exportflow.api.watchdog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobInterventions;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.events.ErrorCodes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Re-drives or ends the jobs no worker moves: a request no worker acknowledged or a cancellation no worker confirmed
 * is published again ({@code exportflow_watchdog_redrives_total{event}}), and after {@link WatchdogConfig#maxRedrives()}
 * tries, or a job QUEUED longer than {@link WatchdogConfig#maxQueued()}, is ended
 * ({@code exportflow_watchdog_ended_total{status,reason}}). Several replicas sweep at once safely: each locks its jobs
 * with {@code FOR UPDATE SKIP LOCKED}. Every move goes through {@link JobInterventions}.
 *
 * <p>A missing acknowledgement counts only up to the moment the api has read the workers' reports to
 * ({@link ReportsHeard}): while its consumers rejoin their group after a restart, or Kafka is away, a request is neither
 * sent again nor given up for it.
 */
@ApplicationScoped
public class JobWatchdog {

    /**
     * A job's event counts as published once no row of the job waits in the outbox; the time is the last row's
     * {@code sent_at}, or, once sent rows are pruned, when the event was written.
     */
    private static final String NOTHING_SENT_SINCE_CUTOFF = " and not exists (select 1 from outbox_event o"
            + " where o.aggregate_id = j.id and o.sent_at is null and o.quarantined_at is null)"
            + " and not exists (select 1 from outbox_event o where o.aggregate_id = j.id and o.sent_at > :redriveCutoff)";

    /** Each way a job falls due, with the order of the index it is read from. */
    private record Due(String condition, String indexOrder) {
    }

    private static final List<Due> DUE = List.of(
            new Due("j.status = 'QUEUED' and coalesce(j.requested_at, j.created_at) <= :queuedCutoff",
                    "coalesce(j.requested_at, j.created_at)"), // export_job_queued_since
            new Due("j.status = 'CANCELLING' and j.cancel_requested_at <= :queuedCutoff",
                    "j.cancel_requested_at"), // export_job_cancelling
            new Due("j.status = 'QUEUED' and j.queued_at is null"
                    + " and coalesce(j.redriven_at, j.requested_at, j.created_at) <= :redriveCutoff" + NOTHING_SENT_SINCE_CUTOFF,
                    "coalesce(j.redriven_at, j.requested_at, j.created_at)"), // export_job_unacknowledged
            new Due("j.status = 'CANCELLING' and coalesce(j.redriven_at, j.cancel_requested_at) <= :redriveCutoff"
                    + NOTHING_SENT_SINCE_CUTOFF, "coalesce(j.redriven_at, j.cancel_requested_at)"));

    /**
     * Locks a batch of due jobs. Each way of falling due reads its own index, up to a batch: one {@code or} over them
     * read every job in {@code created_at} order to find none (73 ms behind 40,000 queued jobs and 20,000 ended ones).
     * Their ids are gathered once, into an array, before the jobs are read by id: as {@code j.id in (union)}, a planner
     * without fresh statistics ran the union again for every active job (297,145 buffers for a batch of 100 in a test).
     * The conditions are asked again of the locked rows, so a job a worker moved meanwhile is left alone.
     */
    static final String CLAIM_DUE = "select j.* from export_job j where j.id = any(array("
            + DUE.stream().map(due -> "(select j.id from export_job j where " + due.condition() + " order by "
                    + due.indexOrder() + " limit :limit)").collect(Collectors.joining(" union all "))
            + ")) and ((" + DUE.stream().map(Due::condition).collect(Collectors.joining(") or ("))
            + ")) order by j.created_at limit :limit for update of j skip locked";

    static final String NOT_ACCEPTED = "No export worker took the request, also after it was sent again. Please try"
            + " again later; if it keeps happening, tell your administrator.";
    static final String QUEUE_TIMEOUT = "The export waited too long for a free export worker and was given up. Please"
            + " try again later.";

    private final WatchdogConfig config;
    private final JobInterventions interventions;
    private final MeterRegistry metrics;
    private final ReportsHeard reportsHeard;

    public JobWatchdog(WatchdogConfig config, JobInterventions interventions, MeterRegistry metrics,
            ReportsHeard reportsHeard) {
        this.config = config;
        this.interventions = interventions;
        this.metrics = metrics;
        this.reportsHeard = reportsHeard;
    }

    @Scheduled(every = "${exportflow.watchdog.every}", delayed = "10s", identity = "job-watchdog",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            Instant now = Instant.now();
            sweep(now, reportsHeard.upTo(now));
        } catch (RuntimeException e) {
            Log.warnf("job watchdog: sweep failed, the next one tries again: %s", e.getMessage());
        }
    }

    /** A sweep at {@code now} with every report read up to then (tests run it ahead of time). */
    public int sweep(Instant now) {
        return sweep(now, Optional.of(now));
    }

    /**
     * Handles every job due at {@code now}, batch by batch.
     *
     * @param heard the moment up to which the api has read the workers' reports; empty: unknown
     * @return how many jobs were re-driven or ended
     */
    public int sweep(Instant now, Optional<Instant> heard) {
        // An acknowledgement the api has not read yet is not missing: the wait is measured up to heard, not to now.
        Instant redriveCutoff = heard.map(moment -> moment.isBefore(now) ? moment : now)
                .map(moment -> moment.minus(config.redriveAfter())).orElse(Instant.EPOCH);
        int handled = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> sweepBatch(now, redriveCutoff));
            handled += batch;
        } while (batch == config.batchSize());
        return handled;
    }

    @SuppressWarnings("unchecked")
    private int sweepBatch(Instant now, Instant redriveCutoff) {
        List<ExportJob> jobs = ExportJob.getEntityManager().createNativeQuery(CLAIM_DUE, ExportJob.class)
                .setParameter("queuedCutoff", now.minus(config.maxQueued()))
                .setParameter("redriveCutoff", redriveCutoff)
                .setParameter("limit", config.batchSize())
                .getResultList();
        jobs.forEach(job -> handle(job, now));
        return jobs.size();
    }

    private void handle(ExportJob job, Instant now) {
        boolean queued = job.status == JobStatus.QUEUED;
        // A retried job waits from its retry, not from its creation.
        Instant requested = job.requestedAt != null ? job.requestedAt : job.createdAt;
        Instant waitingSince = queued || job.cancelRequestedAt == null ? requested : job.cancelRequestedAt;
        if (!waitingSince.isAfter(now.minus(config.maxQueued()))) {
            end(job, queued ? ErrorCodes.QUEUE_TIMEOUT : "CANCEL_TIMEOUT", now);
        } else if (job.redrives >= config.maxRedrives()) {
            end(job, queued ? ErrorCodes.NOT_ACCEPTED : "CANCEL_UNCONFIRMED", now);
        } else {
            interventions.redrive(job, now);
            String event = queued ? "requested" : "cancel-requested";
            metrics.counter("exportflow.watchdog.redrives", "event", event).increment();
            Log.infof("job %s: no worker %s it; its %s event is sent again (%d of %d)", job.id,
                    queued ? "acknowledged" : "confirmed the cancellation of", event, job.redrives, config.maxRedrives());
        }
    }

    private void end(ExportJob job, String reason, Instant now) {
        if (job.status == JobStatus.CANCELLING) {
            interventions.cancelUnconfirmed(job, now);
        } else {
            interventions.fail(job, reason, ErrorCodes.QUEUE_TIMEOUT.equals(reason) ? QUEUE_TIMEOUT : NOT_ACCEPTED, true,
                    now);
            // A worker may still hold the request (or get it late): it is asked to drop it.
            interventions.withdrawRequest(job, now);
        }
        metrics.counter("exportflow.watchdog.ended", "status", job.status.name(), "reason", reason).increment();
        Log.warnf("job %s: ended %s by the watchdog (%s, after %d re-drives)", job.id, job.status, reason, job.redrives);
    }
}
