package dev.exportflow.api.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
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
            values (?, ?, cast(? as jsonb), now())
            on conflict (user_id) do update
                set tenant = excluded.tenant, roles = excluded.roles, recorded_at = excluded.recorded_at
                where known_access.tenant <> excluded.tenant or known_access.roles <> excluded.roles""";

    private final DataSource dataSource;

    public KnownAccessLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Per user, the tenant and roles this replica recorded lately; bounded, as users are many. */
    private final Cache<String, String> recentlyRecorded = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    /**
     * Records what the caller's token says now; committed at once, whatever the request goes on to do. Concurrent calls
     * of one user that this replica has not recorded yet (a client's first few requests arrive together) write once:
     * the others wait for that write and find it done.
     */
    public void record(Caller caller) {
        String roles = EventJson.writeString(new TreeSet<>(caller.roles()));
        String shown = caller.tenant() + "\n" + roles;
        if (shown.equals(recentlyRecorded.getIfPresent(caller.userId()))) {
            return;
        }
        // Only a change computes: a compute that finds the entry unchanged would still restart its minute. The compute
        // holds the map's lock of the user's bin while it writes (a millisecond; the pool's wait while the store is
        // down, when the other requests wait for it too), so another user in that bin may wait as long.
        recentlyRecorded.asMap().compute(caller.userId(), (user, recorded) -> {
            if (!shown.equals(recorded)) {
                write(caller, roles);
            }
            return shown;
        });
    }

    /**
     * Plain JDBC: one statement needs no ORM session, whose set-up and flush were most of this call under load, and no
     * transaction either: outside the request's (suspended if there is one) it commits by itself, without the
     * transaction manager and without a round trip for the commit.
     */
    private void write(Caller caller, String roles) {
        QuarkusTransaction.suspendingExisting().run(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(RECORD)) {
                statement.setString(1, caller.userId());
                statement.setString(2, caller.tenant());
                statement.setString(3, roles);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new PersistenceException("Cannot record the access of " + caller.userId(), e);
            }
        });
    }

    /** What the user's latest call showed, if they called since this was introduced. */
    @Transactional
    public Optional<KnownAccess> find(String userId) {
        return KnownAccess.findByIdOptional(userId);
    }
}
