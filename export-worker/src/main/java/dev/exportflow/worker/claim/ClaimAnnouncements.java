package dev.exportflow.worker.claim;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The claim row as the outbox of its outcome: an ended claim owes its outcome event until it is marked published.
 * Whoever ends a claim publishes right after the commit; the sweep takes what a crash (or a broker outage) left owed.
 */
@ApplicationScoped
public class ClaimAnnouncements {

    /**
     * Owed outcomes older than the grace, oldest first; taking them moves their {@code updated_at}, so that no other
     * replica's sweep takes them again before the grace has passed once more.
     */
    private static final String TAKE_OWED = """
            update export_claim c set updated_at = now()
            from (select job_id, generation from export_claim
                  where outcome_published_at is null and state in ('SUCCEEDED', 'FAILED', 'CANCELLED')
                    and updated_at < now() - ? * interval '1 millisecond'
                  order by updated_at
                  limit ?
                  for update skip locked) owed
            where c.job_id = owed.job_id and c.generation = owed.generation
            returning c.*""";

    private static final String MARK_PUBLISHED = """
            update export_claim set outcome_published_at = now()
            where job_id = ? and generation = ? and state = ? and outcome_published_at is null""";

    private final ClaimJdbc jdbc;

    public ClaimAnnouncements(ClaimJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Ended claims whose outcome has been owed for longer than {@code grace}, at most {@code limit}. */
    public List<Claim> takeOwed(Duration grace, int limit) {
        return jdbc.withConnection(connection -> ClaimRows.query(connection, TAKE_OWED, grace.toMillis(), limit));
    }

    /** The broker has the outcome of {@code ended}: nothing is owed any more. */
    public void published(Claim ended) {
        jdbc.update(MARK_PUBLISHED, ended.key().jobId(), ended.key().generation(), ended.state().name());
    }
}
