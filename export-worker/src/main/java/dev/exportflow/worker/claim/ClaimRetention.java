package dev.exportflow.worker.claim;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes claims that ended longer ago than the retention and whose outcome is published; a claim whose outcome is
 * still owed is kept until it is told.
 */
@ApplicationScoped
public class ClaimRetention {

    private static final String PRUNE = """
            delete from export_claim
            where (job_id, generation) in (
                select job_id, generation from export_claim
                where state in ('SUCCEEDED', 'FAILED', 'CANCELLED') and outcome_published_at is not null
                  and finished_at < now() - ? * interval '1 millisecond'
                order by finished_at
                limit ?)""";

    private final ClaimJdbc jdbc;

    public ClaimRetention(ClaimJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Deletes at most {@code limit} such claims, oldest first; answers how many. */
    public int prune(Duration retention, int limit) {
        return jdbc.update(PRUNE, retention.toMillis(), limit);
    }
}
