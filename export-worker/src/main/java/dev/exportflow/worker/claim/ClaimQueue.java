package dev.exportflow.worker.claim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.worker.WorkerConfig;

/**
 * Takes the next queued job for a new run, fairly between tenants and their users ({@link FairShare}): it reads which
 * tenants wait and how much each runs, then the users of the first choice, then takes that user's oldest job whose
 * retry time has come, or the next choice's if another replica took it meanwhile. Safe for any number of replicas: a
 * job is taken by one {@code FOR UPDATE SKIP LOCKED} statement that only matches a queued job, and a tenant's cap is
 * checked under a transaction lock of that tenant.
 */
@ApplicationScoped
public class ClaimQueue {

    /** Marks the worker's tenant locks among other transaction-scoped advisory locks of the database. */
    private static final int TENANT_LOCKS = 0x0EF1_F41E;

    /**
     * The tenants that wait, how much each runs and since when it waits. The tenants come from a skip scan of
     * {@code export_claim_queue_by_tenant} (one index probe per tenant rather than a read of every queued job); each
     * one's oldest job whose time has come and its running count are one probe more each.
     */
    private static final String WAITING_TENANTS = """
            with recursive tenants(tenant) as (
                (select tenant from export_claim
                 where state = 'PENDING' and request is not null and not cancel_requested
                 order by tenant limit 1)
                union all
                select later.tenant
                from tenants t cross join lateral (
                    select tenant from export_claim
                    where state = 'PENDING' and request is not null and not cancel_requested and tenant > t.tenant
                    order by tenant limit 1) later
            )
            select t.tenant,
                   (select count(*) from export_claim r where r.state = 'RUNNING' and r.tenant = t.tenant) as running,
                   oldest.created_at
            from tenants t cross join lateral (
                select created_at from export_claim
                where tenant = t.tenant and state = 'PENDING' and request is not null and not cancel_requested
                  and (not_before is null or not_before <= now())
                order by created_at limit 1) oldest""";

    /** The users of one tenant that wait, the same way ({@code export_claim_queue_by_user}). */
    private static final String WAITING_USERS = """
            with recursive users(user_id) as (
                (select user_id from export_claim
                 where tenant = ? and state = 'PENDING' and request is not null and not cancel_requested
                 order by user_id limit 1)
                union all
                select later.user_id
                from users u cross join lateral (
                    select user_id from export_claim
                    where tenant = ? and state = 'PENDING' and request is not null and not cancel_requested
                      and user_id > u.user_id
                    order by user_id limit 1) later
            )
            select u.user_id,
                   (select count(*) from export_claim r
                    where r.state = 'RUNNING' and r.tenant = ? and r.user_id = u.user_id) as running,
                   oldest.created_at
            from users u cross join lateral (
                select created_at from export_claim
                where tenant = ? and user_id = u.user_id and state = 'PENDING' and request is not null
                  and not cancel_requested and (not_before is null or not_before <= now())
                order by created_at limit 1) oldest""";

    /** The user's oldest job whose retry time has come, taken in the same statement that finds it. */
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
        List<Waiting> tenants = fairShare.tenants(jdbc.withConnection(connection -> waiting(connection, WAITING_TENANTS)));
        for (Waiting tenant : tenants) {
            Optional<Claim> taken = fairShare.capped()
                    ? jdbc.inTransaction(connection -> takeBelowCap(connection, tenant.name(), owner, lease))
                    : jdbc.withConnection(connection -> take(connection, tenant.name(), owner, lease));
            if (taken.isPresent()) {
                return taken;
            }
        }
        return Optional.empty();
    }

    /**
     * Takes a job of the tenant while it runs fewer than its cap, counted under the tenant's lock. Nothing when another
     * replica holds that lock this moment: it is taking a job of the tenant, and the next look finds what is left.
     */
    private Optional<Claim> takeBelowCap(Connection connection, String tenant, String owner, Duration lease)
            throws SQLException {
        if (!lockTenant(connection, tenant) || !fairShare.belowCap(tenantRunning(connection, tenant))) {
            return Optional.empty();
        }
        return take(connection, tenant, owner, lease);
    }

    /** Takes the oldest job of the tenant's fairest user; of the next user if other replicas took that user's jobs. */
    private Optional<Claim> take(Connection connection, String tenant, String owner, Duration lease) throws SQLException {
        for (Waiting user : fairShare.users(waiting(connection, WAITING_USERS, tenant, tenant, tenant, tenant))) {
            Optional<Claim> claim = ClaimRows.query(connection, CLAIM_OLDEST_OF, owner, UUID.randomUUID(), lease.toMillis(),
                    tenant, user.name()).stream().findFirst();
            if (claim.isPresent()) {
                return claim;
            }
        }
        return Optional.empty();
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

    private static List<Waiting> waiting(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            ClaimJdbc.bind(select, values);
            List<Waiting> waiting = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    waiting.add(new Waiting(rows.getString(1), rows.getInt(2), rows.getTimestamp(3).toInstant()));
                }
            }
            return waiting;
        }
    }
}
