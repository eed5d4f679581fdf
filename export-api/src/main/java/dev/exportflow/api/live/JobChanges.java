package dev.exportflow.api.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.context.api.ManagedExecutorConfig;

/**
 * Tells the followers of a job that its row changed, on whichever api replica they are connected to: a trigger
 * announces every committed change on the PostgreSQL channel {@value #CHANNEL} (migration V4), and one connection
 * of this replica listens to it, in a task of the managed executor. The connection is not taken from the pool: a
 * listening session would keep collecting notifications for whoever borrowed it next. Once the connection is lost, the
 * scheduler starts listening again every {@value #RECONNECT_EVERY}. After (re)connecting every follower is told once,
 * since a change may have gone unannounced meanwhile; while it cannot listen, {@link #listening()} is false and
 * followers read the job on their own now and then.
 */
@ApplicationScoped
public class JobChanges {

    static final String CHANNEL = "export_job_changed";
    static final String APPLICATION_NAME = "export-api job changes";
    static final String RECONNECT_EVERY = "2s";
    private static final int WAIT_MILLIS = 1000;

    private final String url;
    private final Properties credentials = new Properties();
    private final ManagedExecutor executor;
    private final Map<UUID, Set<Runnable>> followers = new ConcurrentHashMap<>();
    /** Whether a listening task runs (connecting, or connected). */
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean listening;
    private volatile boolean stopped;
    /** Whether this outage was already logged: the next attempts fail the same way until the database is back. */
    private volatile boolean warned;

    /** @param executor propagates nothing: the listening task outlives whatever started it */
    public JobChanges(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING) ManagedExecutor executor) {
        this.url = url;
        this.executor = executor;
        username.ifPresent(user -> credentials.setProperty("user", user));
        password.ifPresent(secret -> credentials.setProperty("password", secret));
        credentials.setProperty("ApplicationName", APPLICATION_NAME);
    }

    void start(@Observes StartupEvent started) {
        listenAgain();
    }

    @Scheduled(every = RECONNECT_EVERY, identity = "job-changes-reconnect",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconnect() {
        listenAgain();
    }

    /** On the shutdown event, before the executor stops: the listening task ends within a second. */
    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
    }

    /** Whether changes are being announced right now; if not, followers have to look for themselves. */
    public boolean listening() {
        return listening;
    }

    /**
     * Calls {@code onChange} after each committed change of the job until the returned handle is closed. It runs on
     * the listening task's thread: it should only hand the work on.
     */
    public AutoCloseable follow(UUID jobId, Runnable onChange) {
        followers.compute(jobId, (id, callbacks) -> {
            Set<Runnable> kept = callbacks == null ? ConcurrentHashMap.newKeySet() : callbacks;
            kept.add(onChange);
            return kept;
        });
        return () -> followers.computeIfPresent(jobId, (id, callbacks) -> {
            callbacks.remove(onChange);
            return callbacks.isEmpty() ? null : callbacks;
        });
    }

    /** Starts a listening task unless one runs. */
    private void listenAgain() {
        if (!stopped && started.compareAndSet(false, true)) {
            executor.runAsync(this::listen).whenComplete((done, failure) -> started.set(false));
        }
    }

    /** Listens until the connection is lost or the application stops. */
    private void listen() {
        try (Connection connection = new Driver().connect(url, credentials); Statement sql = connection.createStatement()) {
            sql.execute("listen " + CHANNEL);
            PGConnection session = connection.unwrap(PGConnection.class);
            listening = true;
            if (warned) {
                Log.info("Listening for job changes again");
                warned = false;
            }
            followers.values().forEach(callbacks -> callbacks.forEach(Runnable::run));
            while (!stopped) {
                PGNotification[] arrived = session.getNotifications(WAIT_MILLIS);
                if (arrived != null) {
                    for (PGNotification notification : arrived) {
                        announce(notification.getParameter());
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (!stopped && !warned) {
                Log.warnf("Not listening for job changes (event streams read the jobs themselves meanwhile; trying "
                        + "again every %s): %s", RECONNECT_EVERY, e.getMessage());
                warned = true;
            }
        } finally {
            listening = false;
        }
    }

    private void announce(String jobId) {
        Set<Runnable> callbacks;
        try {
            callbacks = followers.get(UUID.fromString(jobId));
        } catch (IllegalArgumentException e) {
            return; // not ours: the channel carries job ids only
        }
        if (callbacks != null) {
            callbacks.forEach(Runnable::run);
        }
    }
}
