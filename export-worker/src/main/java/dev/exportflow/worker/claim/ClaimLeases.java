package dev.exportflow.worker.claim;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lends queued claims to replicas for a limited time: a replica takes the next one, renews what it runs, and the
 * reaper takes back what a silent replica held. Safe for any number of replicas at once.
 */
@ApplicationScoped
public class ClaimLeases {

    /** The oldest queued job whose retry time has come, taken in the same statement that finds it. */
    private static final String CLAIM_NEXT = """
            update export_claim c
            set state = 'RUNNING', owner = ?, lease_until = now() + ? * interval '1 millisecond',
                attempts = c.attempts + 1, started_at = coalesce(c.started_at, now()), not_before = null,
                updated_at = now()
            from (select job_id, generation from export_claim
                  where state = 'PENDING' and request is not null and not cancel_requested
                    and (not_before is null or not_before <= now())
                  order by created_at
                  limit 1
                  for update skip locked) next
            where c.job_id = next.job_id and c.generation = next.generation
            returning c.*""";

    private static final String RENEW_LEASES = """
            update export_claim set lease_until = now() + ? * interval '1 millisecond', updated_at = now()
            where owner = ? and state = 'RUNNING'
            returning job_id, generation, cancel_requested""";

    private static final String LOCK_EXPIRED = "select " + ClaimRows.COLUMNS + " from export_claim"
            + " where state = 'RUNNING' and lease_until < now() order by lease_until limit ? for update skip locked";

    private static final String GIVE_UP_EXPIRED = """
            update export_claim set state = 'FAILED', owner = null, lease_until = null, finished_at = now(),
                   error_code = 'WORKER_LOST', error_message = 'The export was interrupted too often.', retryable = true,
                   updated_at = now()
            where job_id = ? and generation = ?""";

    private static final String REQUEUE_EXPIRED = """
            update export_claim set state = 'PENDING', owner = null, lease_until = null, not_before = null,
                   updated_at = now()
            where job_id = ? and generation = ?""";

    private final ClaimJdbc jdbc;

    public ClaimLeases(ClaimJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A lease renewed by a heartbeat, with the cancel flag the owner must obey. */
    public record Lease(JobKey key, boolean cancelRequested) {
    }

    /** Takes the oldest queued job whose retry time has come, or nothing. */
    public Optional<Claim> claimNext(String owner, Duration lease) {
        return jdbc.withConnection(connection -> ClaimRows.query(connection, CLAIM_NEXT, owner, lease.toMillis()))
                .stream().findFirst();
    }

    /** Extends the lease of every job this replica runs; a job missing from the answer was lost to another replica. */
    public List<Lease> renewLeases(String owner, Duration lease) {
        return jdbc.withConnection(connection -> {
            try (PreparedStatement renew = connection.prepareStatement(RENEW_LEASES)) {
                ClaimJdbc.bind(renew, lease.toMillis(), owner);
                List<Lease> leases = new ArrayList<>();
                try (ResultSet rows = renew.executeQuery()) {
                    while (rows.next()) {
                        leases.add(new Lease(new JobKey(rows.getObject(1, UUID.class), rows.getInt(2)), rows.getBoolean(3)));
                    }
                }
                return leases;
            }
        });
    }

    /**
     * Re-queues the jobs whose owner stopped renewing its lease (a crashed or partitioned replica). A job that
     * used up its attempts is handed to {@code giveUp} inside the transaction (which publishes its failure)
     * and marked FAILED.
     *
     * @return the re-queued claims
     */
    public List<Claim> reapExpiredLeases(int maxAttempts, int limit, Consumer<Claim> giveUp) {
        return jdbc.inTransaction(connection -> {
            List<Claim> requeued = new ArrayList<>();
            for (Claim claim : ClaimRows.query(connection, LOCK_EXPIRED, limit)) {
                if (claim.attempts() >= maxAttempts) {
                    giveUp.accept(claim);
                    ClaimJdbc.execute(connection, GIVE_UP_EXPIRED, claim.key().jobId(), claim.key().generation());
                } else {
                    ClaimJdbc.execute(connection, REQUEUE_EXPIRED, claim.key().jobId(), claim.key().generation());
                    requeued.add(claim);
                }
            }
            return requeued;
        });
    }
}
