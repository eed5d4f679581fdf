package dev.exportflow.worker.claim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;

/**
 * Takes the next queued job for a new run, fairly between tenants and their users ({@link FairShare}): it reads who
 * waits and how much each runs, then takes the first choice's oldest job whose retry time has come, or the next
 * choice's if another replica took it meanwhile. Safe for any number of replicas: a job is taken by one
 * {@code FOR UPDATE SKIP LOCKED} statement that only matches a queued job, and a tenant's cap is checked under a
 * transaction lock of that tenant.
 */
@ApplicationScoped
public class ClaimQueue {

    /** Marks the worker's tenant locks among other transaction-scoped advisory locks of the database. */
    private static final int TENANT_LOCKS = 0x0EF1_F41E;

    /**
     * Who waits and how much they run. The requesters come from a skip scan of {@code export_claim_fair_queue} (one
     * index probe per requester rather than a read of every queued job); each one's oldest job whose time has come is
     * one more probe.
     */
    private static final String WAITING = """
            with recursive requesters(tenant, user_id) as (
                (select tenant, user_id from export_claim
                 where state = 'PENDING' and request is not null and not cancel_requested
                 order by tenant, user_id limit 1)
                union all
                select later.tenant, later.user_id
                from requesters r cross join lateral (
                    select tenant, user_id from export_claim
                    where state = 'PENDING' and request is not null and not cancel_requested
                      and (tenant, user_id) > (r.tenant, r.user_id)
                    order by tenant, user_id limit 1) later
            ),
            running as (
                select tenant, user_id, count(*) as runs from export_claim where state = 'RUNNING' group by tenant, user_id
            )
            select r.tenant, r.user_id,
                   coalesce((select sum(t.runs) from running t where t.tenant = r.tenant), 0) as tenant_running,
                   coalesce((select u.runs from running u where u.tenant = r.tenant and u.user_id = r.user_id), 0)
                       as user_running,
                   oldest.created_at
            from requesters r cross join lateral (
                select created_at from export_claim
                where tenant = r.tenant and user_id = r.user_id and state = 'PENDING' and request is not null
                  and not cancel_requested and (not_before is null or not_before <= now())
                order by created_at limit 1) oldest""";

    /** The requester's oldest job whose retry time has come, taken in the same statement that finds it. */
    private static final String CLAIM_OLDEST_OF = """
            update export_claim c
            set state = 'RUNNING', owner = ?, run_token = ?, lease_until = now() + ? * interval '1 millisecond',
                attempts = c.attempts + 1, started_at = coalesce(c.started_at, now()), not_before = null,
                updated_at = now()
            from (select job_id, generation from export_claim
                  where tenant = ? and user_id = ? and state = 'PENDING' and request is not null and not cancel_requested
                    and (not_before is null or not_before <= now())
                  order by created_at
                  limit 1
                  for update skip locked) next
            where c.job_id = next.job_id and c.generation = next.generation
            returning c.*""";

    /** Held until the claim commits, so that two replicas never both take a tenant's last free place under its cap. */
    private static final String LOCK_TENANT = "select pg_try_advisory_xact_lock(" + TENANT_LOCKS + ", hashtext(?))";

    private static final String TENANT_RUNNING = "select count(*) from export_claim where state = 'RUNNING' and tenant = ?";

    private final ClaimJdbc jdbc;
    private final FairShare fairShare;

    public ClaimQueue(ClaimJdbc jdbc, WorkerConfig config) {
        this.jdbc = jdbc;
        this.fairShare = new FairShare(config.fairness().maxRunningPerTenant(), config.fairness().weight());
    }

    /** Takes the fairest next job whose retry time has come for a new run, or nothing. */
    public Optional<Claim> claimNext(String owner, Duration lease) {
        List<WaitingRequester> choices = fairShare.order(jdbc.withConnection(ClaimQueue::waiting));
        Set<String> passedOver = new HashSet<>();
        for (WaitingRequester choice : choices) {
            if (!passedOver.contains(choice.tenant())) {
                Optional<Claim> taken = take(choice, owner, lease, passedOver);
                if (taken.isPresent()) {
                    return taken;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Takes the requester's oldest job; under a cap only while its tenant is below it, counted again under the
     * tenant's lock. A tenant at its cap, or whose lock another replica holds this moment, goes into
     * {@code passedOver}: that replica is taking the tenant's job, the next look finds what is left.
     */
    private Optional<Claim> take(WaitingRequester choice, String owner, Duration lease, Set<String> passedOver) {
        Object[] values = {owner, UUID.randomUUID(), lease.toMillis(), choice.tenant(), choice.userId()};
        if (!fairShare.capped()) {
            return jdbc.withConnection(connection -> first(connection, values));
        }
        return jdbc.inTransaction(connection -> {
            if (!lockTenant(connection, choice.tenant()) || !fairShare.belowCap(tenantRunning(connection, choice.tenant()))) {
                passedOver.add(choice.tenant());
                return Optional.empty();
            }
            return first(connection, values);
        });
    }

    private static Optional<Claim> first(Connection connection, Object[] values) throws SQLException {
        return ClaimRows.query(connection, CLAIM_OLDEST_OF, values).stream().findFirst();
    }

    private static boolean lockTenant(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_TENANT)) {
            lock.setString(1, tenant);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static int tenantRunning(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(TENANT_RUNNING)) {
            count.setString(1, tenant);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static List<WaitingRequester> waiting(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(WAITING); ResultSet rows = select.executeQuery()) {
            List<WaitingRequester> waiting = new ArrayList<>();
            while (rows.next()) {
                waiting.add(new WaitingRequester(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getInt(4),
                        rows.getTimestamp(5).toInstant()));
            }
            return waiting;
        }
    }
}
