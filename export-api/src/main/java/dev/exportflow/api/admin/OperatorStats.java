package dev.exportflow.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.ops.JobMetrics;

/**
 * The figures of {@code GET /api/admin/stats}, read from the job store when asked: jobs created in the last hour and
 * day by status and by error code, how long the oldest QUEUED job has waited (since its current generation was
 * requested), and the outbox rows waiting to be published or quarantined.
 */
@ApplicationScoped
public class OperatorStats {

    private static final String BY_STATUS = """
            select status, count(*) from export_job where created_at >= :since group by status""";
    private static final String BY_ERROR_CODE = """
            select error_code, count(*) from export_job
            where created_at >= :since and error_code is not null group by error_code""";
    private static final String OUTBOX = """
            select count(*) filter (where sent_at is null and quarantined_at is null),
                   count(*) filter (where quarantined_at is not null)
            from outbox_event where sent_at is null""";

    private final EntityManager entityManager;

    public OperatorStats(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public Stats now() {
        Instant now = Instant.now();
        Instant oldestQueued = JobMetrics.oldestQueued(entityManager).orElse(null);
        Object[] outbox = (Object[]) entityManager.createNativeQuery(OUTBOX).getSingleResult();
        return new Stats(window(now.minus(Duration.ofHours(1))), window(now.minus(Duration.ofDays(1))),
                oldestQueued == null ? 0 : Math.max(0, Duration.between(oldestQueued, now).toSeconds()),
                new Outbox(((Number) outbox[0]).longValue(), ((Number) outbox[1]).longValue()));
    }

    private Window window(Instant since) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (JobStatus status : JobStatus.values()) {
            byStatus.put(status.name(), 0L);
        }
        counts(BY_STATUS, since).forEach(byStatus::put);
        return new Window(byStatus, new TreeMap<>(counts(BY_ERROR_CODE, since)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> counts(String sql, Instant since) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Object[]> rows = entityManager.createNativeQuery(sql).setParameter("since", since).getResultList();
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /**
     * @param oldestQueuedAgeSeconds 0 when no job is QUEUED
     */
    public record Stats(Window lastHour, Window lastDay, long oldestQueuedAgeSeconds, Outbox outbox) {
    }

    /** Jobs created in the window: every status (0 included), and the error codes that occurred. */
    public record Window(Map<String, Long> byStatus, Map<String, Long> byErrorCode) {
    }

    /** Outbox rows waiting to be published, and rows Kafka refused for good (docs/operations.md). */
    public record Outbox(long pending, long quarantined) {
    }
}
