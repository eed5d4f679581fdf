package dev.exportflow.api.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.outbox.OutboxEvent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Gauges read from the job store: jobs by status, the age of the oldest job still QUEUED (a growing age means no
 * worker takes jobs: workers down, or their requests dead-lettered), the outbox backlog and the age of its
 * oldest row (a growing age means the relay cannot reach Kafka), and the rows Kafka refused for good. Refreshed on
 * a schedule so that a scrape never waits on the database.
 *
 * <p>Every refresh reads what is in flight only, through partial indexes: the active jobs (the indexes
 * {@code export_job_owner_active} and {@code export_job_queued_since}) and the pending outbox rows. The ended jobs are
 * counted over the whole history, a scan of the table, on a slower schedule of their own: each replica scanning it
 * every 15 s cost 88 ms of a core at 45,000 jobs on the benchmark machine, beside the requests (docs/benchmark.md).
 */
@ApplicationScoped
public class JobMetrics {

    /** Served by the partial index {@code export_job_owner_active}, whose predicate names the same statuses. */
    static final String ACTIVE_BY_STATUS = """
            select status, count(*) from export_job where status in ('QUEUED', 'RUNNING', 'CANCELLING') group by status""";
    static final String ALL_BY_STATUS = "select status, count(*) from export_job group by status";
    /** When the oldest QUEUED job's current generation was requested (epoch seconds): one probe of an index of its own. */
    static final String OLDEST_QUEUED = """
            select extract(epoch from min(coalesce(requested_at, created_at))) from export_job where status = 'QUEUED'""";

    private final Map<JobStatus, AtomicLong> jobsByStatus = new EnumMap<>(JobStatus.class);
    private final AtomicLong oldestQueuedAgeSeconds = new AtomicLong();
    private final AtomicLong outboxPending = new AtomicLong();
    private final AtomicLong outboxOldestAgeSeconds = new AtomicLong();
    private final AtomicLong outboxQuarantined = new AtomicLong();

    void register(@Observes StartupEvent startup, MeterRegistry registry) {
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = new AtomicLong();
            jobsByStatus.put(status, count);
            Gauge.builder("exportflow.jobs", count, AtomicLong::get).tag("status", status.name())
                    .description("Export jobs by status").register(registry);
        }
        Gauge.builder("exportflow.jobs.queued.oldest.age", oldestQueuedAgeSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest job no worker has started yet").register(registry);
        Gauge.builder("exportflow.outbox.pending", outboxPending, AtomicLong::get)
                .description("Outbox events not yet published to Kafka").register(registry);
        Gauge.builder("exportflow.outbox.oldest.age", outboxOldestAgeSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest unpublished outbox event").register(registry);
        Gauge.builder("exportflow.outbox.quarantined.rows", outboxQuarantined, AtomicLong::get)
                .description("Outbox events Kafka refused for good, waiting for an operator").register(registry);
    }

    @Scheduled(every = "${exportflow.metrics.refresh}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        inTransaction("job metrics", this::read);
    }

    @Scheduled(every = "${exportflow.metrics.history-refresh}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshHistory() {
        inTransaction("ended jobs' metrics", () -> setCounts(ALL_BY_STATUS, JobStatus::terminal));
    }

    private static void inTransaction(String what, Runnable read) {
        try {
            QuarkusTransaction.requiringNew().run(read);
        } catch (RuntimeException e) {
            Log.debugf("%s not refreshed: %s", what, e.getMessage());
        }
    }

    private void read() {
        setCounts(ACTIVE_BY_STATUS, JobStatus::active);
        oldestQueuedAgeSeconds.set(ageSeconds(oldestQueued(ExportJob.getEntityManager()).orElse(null)));
        outboxPending.set(OutboxEvent.count("sentAt is null and quarantinedAt is null"));
        Instant oldestPending = OutboxEvent.getEntityManager()
                .createQuery("select min(o.createdAt) from OutboxEvent o where o.sentAt is null and o.quarantinedAt is null",
                        Instant.class)
                .getSingleResult();
        outboxQuarantined.set(OutboxEvent.count("quarantinedAt is not null"));
        outboxOldestAgeSeconds.set(ageSeconds(oldestPending));
    }

    /** When the oldest QUEUED job's current generation was requested; empty when no job is QUEUED. */
    public static Optional<Instant> oldestQueued(EntityManager entityManager) {
        Number epochSeconds = (Number) entityManager.createNativeQuery(OLDEST_QUEUED).getSingleResult();
        return Optional.ofNullable(epochSeconds)
                .map(seconds -> Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1000)));
    }

    /** Sets the gauges of the statuses {@code counted} covers from {@code byStatus}'s rows; a status with no row is 0. */
    @SuppressWarnings("unchecked")
    private void setCounts(String byStatus, Predicate<JobStatus> counted) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        List<Object[]> rows = ExportJob.getEntityManager().createNativeQuery(byStatus).getResultList();
        rows.forEach(row -> counts.put(JobStatus.valueOf((String) row[0]), ((Number) row[1]).longValue()));
        jobsByStatus.forEach((status, gauge) -> {
            if (counted.test(status)) {
                gauge.set(counts.getOrDefault(status, 0L));
            }
        });
    }

    private static long ageSeconds(Instant since) {
        return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toSeconds());
    }
}
