package dev.exportflow.api.security;

import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.exportflow.events.serde.EventJson;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Remembers each user's tenant and roles as their latest call showed them, for the one right that has no caller: the
 * emailed link (docs/security.md). A row is written only when something changed; a call that shows what this replica
 * recorded for the user within the last minute writes nothing at all (no statement, no transaction).
 */
@ApplicationScoped
public class KnownAccessLog {

    private static final String RECORD = """
            insert into known_access (user_id, tenant, roles, recorded_at)
            values (:user, :tenant, cast(:roles as jsonb), now())
            on conflict (user_id) do update
                set tenant = excluded.tenant, roles = excluded.roles, recorded_at = excluded.recorded_at
                where known_access.tenant <> excluded.tenant or known_access.roles <> excluded.roles""";

    /** Per user, the tenant and roles this replica recorded lately; bounded, as users are many. */
    private final Cache<String, String> recentlyRecorded = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    /** Records what the caller's token says now; in a transaction of its own, whatever the request goes on to do. */
    public void record(Caller caller) {
        String roles = EventJson.writeString(new TreeSet<>(caller.roles()));
        String shown = caller.tenant() + "\n" + roles;
        if (shown.equals(recentlyRecorded.getIfPresent(caller.userId()))) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> KnownAccess.getEntityManager().createNativeQuery(RECORD)
                .setParameter("user", caller.userId())
                .setParameter("tenant", caller.tenant())
                .setParameter("roles", roles)
                .executeUpdate());
        recentlyRecorded.put(caller.userId(), shown);
    }

    /** What the user's latest call showed, if they called since this was introduced. */
    @Transactional
    public Optional<KnownAccess> find(String userId) {
        return KnownAccess.findByIdOptional(userId);
    }
}
