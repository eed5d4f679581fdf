package dev.exportflow.api.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
 */
@ApplicationScoped
public class JobMetrics {

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

    @Scheduled(every = "${exportflow.metrics.refresh:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(this::read);
        } catch (RuntimeException e) {
            Log.debugf("job metrics not refreshed: %s", e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private void read() {
        jobsByStatus.values().forEach(count -> count.set(0));
        List<Object[]> rows = ExportJob.getEntityManager()
                .createQuery("select j.status, count(j) from ExportJob j group by j.status").getResultList();
        for (Object[] row : rows) {
            jobsByStatus.get((JobStatus) row[0]).set(((Number) row[1]).longValue());
        }
        Instant oldestQueued = ExportJob.getEntityManager()
                .createQuery("select min(coalesce(j.requestedAt, j.createdAt)) from ExportJob j where j.status = :queued",
                        Instant.class)
                .setParameter("queued", JobStatus.QUEUED).getSingleResult();
        oldestQueuedAgeSeconds.set(ageSeconds(oldestQueued));
        outboxPending.set(OutboxEvent.count("sentAt is null and quarantinedAt is null"));
        Instant oldestPending = OutboxEvent.getEntityManager()
                .createQuery("select min(o.createdAt) from OutboxEvent o where o.sentAt is null and o.quarantinedAt is null",
                        Instant.class)
                .getSingleResult();
        outboxQuarantined.set(OutboxEvent.count("quarantinedAt is not null"));
        outboxOldestAgeSeconds.set(ageSeconds(oldestPending));
    }

    private static long ageSeconds(Instant since) {
        return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toSeconds());
    }
}
