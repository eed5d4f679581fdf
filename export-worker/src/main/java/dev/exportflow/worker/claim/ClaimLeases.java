package dev.exportflow.worker.claim;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the leases of claims that runs took ({@link ClaimQueue}) under tokens of their own: a replica renews the leases
 * of its runs, and the reaper takes back what a silent replica held. Safe for any number of replicas at once.
 */
@ApplicationScoped
public class ClaimLeases {

    private static final String RENEW_LEASES = """
            update export_claim set lease_until = now() + ? * interval '1 millisecond', updated_at = now()
            where run_token = any(?) and state = 'RUNNING'
            returning job_id, generation, run_token, cancel_requested""";

    private static final String LOCK_EXPIRED = "select " + ClaimRows.COLUMNS + " from export_claim"
            + " where state = 'RUNNING' and lease_until < now() order by lease_until limit ? for update skip locked";

    /** Claims that went back to the queue after a cancel request reached them while they ran. */
    private static final String LOCK_CANCEL_MARKED = "select " + ClaimRows.COLUMNS + " from export_claim"
            + " where state = 'PENDING' and cancel_requested order by created_at limit ? for update skip locked";

    private static final String CONFIRM_CANCEL = """
            update export_claim set state = 'CANCELLED', owner = null, lease_until = null, not_before = null,
                   finished_at = now(), outcome_published_at = null, updated_at = now()
            where job_id = ? and generation = ?
            returning\s""" + ClaimRows.COLUMNS;

    private static final String GIVE_UP_EXPIRED = """
            update export_claim set state = 'FAILED', owner = null, lease_until = null, finished_at = now(),
                   error_code = ?, error_message = ?, retryable = ?, outcome_published_at = null, updated_at = now()
            where job_id = ? and generation = ?
            returning\s""" + ClaimRows.COLUMNS;

    private static final String REQUEUE_EXPIRED = """
            update export_claim set state = 'PENDING', owner = null, lease_until = null, not_before = null,
                   updated_at = now()
            where job_id = ? and generation = ?""";

    private final ClaimJdbc jdbc;

    public ClaimLeases(ClaimJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A lease renewed by a heartbeat, with the cancel flag the run must obey. */
    public record Lease(Run run, boolean cancelRequested) {
    }

    /**
     * What the reaper did in one transaction.
     *
     * @param requeued claims whose lease expired, back in the queue
     * @param ended claims it ended (cancel confirmed, or attempts used up); their outcome is owed
     */
    public record Reaped(List<Claim> requeued, List<Claim> ended) {
    }

    /** Extends the leases of {@code runs}; a run missing from the answer has lost its claim to another run. */
    public List<Lease> renewLeases(Collection<UUID> runs, Duration lease) {
        return jdbc.withConnection(connection -> {
            Array tokens = connection.createArrayOf("uuid", runs.toArray());
            try (PreparedStatement renew = connection.prepareStatement(RENEW_LEASES)) {
                ClaimJdbc.bind(renew, lease.toMillis(), tokens);
                List<Lease> leases = new ArrayList<>();
                try (ResultSet rows = renew.executeQuery()) {
                    while (rows.next()) {
                        JobKey key = new JobKey(rows.getObject(1, UUID.class), rows.getInt(2));
                        leases.add(new Lease(new Run(key, rows.getObject(3, UUID.class)), rows.getBoolean(4)));
                    }
                }
                return leases;
            } finally {
                tokens.free();
            }
        });
    }

    /**
     * Takes back the claims whose run stopped renewing its lease (a crashed, hanging or partitioned replica): a claim
     * with a cancel request is cancelled, one that used up {@code maxAttempts} fails with {@code workerLost(attempts)},
     * any other goes back to the queue. Claims that went back to the queue with a cancel request are cancelled too.
     */
    public Reaped reap(int maxAttempts, int limit, IntFunction<RecordedFailure> workerLost) {
        return jdbc.inTransaction(connection -> {
            List<Claim> requeued = new ArrayList<>();
            List<Claim> ended = new ArrayList<>();
            for (Claim claim : ClaimRows.query(connection, LOCK_EXPIRED, limit)) {
                Object[] key = {claim.key().jobId(), claim.key().generation()};
                if (claim.cancelRequested()) {
                    ended.addAll(ClaimRows.query(connection, CONFIRM_CANCEL, key));
                } else if (claim.attempts() >= maxAttempts) {
                    RecordedFailure lost = workerLost.apply(claim.attempts());
                    ended.addAll(ClaimRows.query(connection, GIVE_UP_EXPIRED, lost.code(), lost.message(), lost.retryable(),
                            key[0], key[1]));
                } else {
                    ClaimJdbc.execute(connection, REQUEUE_EXPIRED, key);
                    requeued.add(claim);
                }
            }
            for (Claim claim : ClaimRows.query(connection, LOCK_CANCEL_MARKED, limit)) {
                ended.addAll(ClaimRows.query(connection, CONFIRM_CANCEL, claim.key().jobId(), claim.key().generation()));
            }
            return new Reaped(requeued, ended);
        });
    }
}
