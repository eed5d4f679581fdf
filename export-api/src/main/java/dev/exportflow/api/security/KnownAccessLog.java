package dev.exportflow.api.security;

import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.exportflow.events.serde.EventJson;

/**
 * Remembers each user's tenant and roles as their latest call showed them, for the one right that has no caller: the
 * emailed link (docs/security.md). A row is written only when something changed, so an ordinary call costs one
 * statement that finds nothing to do.
 */
@ApplicationScoped
public class KnownAccessLog {

    private static final String RECORD = """
            insert into known_access (user_id, tenant, roles, recorded_at)
            values (:user, :tenant, cast(:roles as jsonb), now())
            on conflict (user_id) do update
                set tenant = excluded.tenant, roles = excluded.roles, recorded_at = excluded.recorded_at
                where known_access.tenant <> excluded.tenant or known_access.roles <> excluded.roles""";

    /** Records what the caller's token says now; in a transaction of its own, whatever the request goes on to do. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(Caller caller) {
        KnownAccess.getEntityManager().createNativeQuery(RECORD)
                .setParameter("user", caller.userId())
                .setParameter("tenant", caller.tenant())
                .setParameter("roles", EventJson.writeString(new TreeSet<>(caller.roles())))
                .executeUpdate();
    }

    /** What the user's latest call showed, if they called since this was introduced. */
    @Transactional
    public Optional<KnownAccess> find(String userId) {
        return KnownAccess.findByIdOptional(userId);
    }
}
