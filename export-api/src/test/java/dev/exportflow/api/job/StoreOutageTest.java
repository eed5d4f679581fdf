package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.devstack.postgres.PostgresServer;

import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

/**
 * The job store (PostgreSQL) stops and comes back, or takes no writes for a while. Meanwhile a POST is an outage the
 * caller can wait out (503 with {@code Retry-After}), not a 500; once it is over every POST is accepted at once: the
 * pool does not hand out the connections that died with the server (each would fail its request).
 */
@QuarkusTest
class StoreOutageTest {

    private static final int AT_ONCE = 16;

    private final Db db = Db.jobs(Api.stack());

    @Test
    void whileTheStoreIsDownAPostIsA503AndOnceItIsBackEveryPostIsAccepted() {
        // sixteen POSTs at once: the pool keeps a connection for each of them
        assertThat(postAtOnce()).containsOnly(202);

        PostgresServer postgres = Api.stack().postgres();
        postgres.stop();
        try {
            Api.createOrders(Api.newUser("olga"), Map.of()).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", endsWith("/store-unavailable"))
                    .body("status", equalTo(503))
                    .body("detail", containsString("Try again in a few seconds"));
            // down for a second, about as long as a restart takes (a shutdown checkpoint, then recovery), and every
            // POST meanwhile is that same outage
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> Api.createOrders(Api.newUser("olga"), Map.of()).statusCode() == 503);
        } finally {
            postgres.start();
        }
        // the server answers again; the api's readiness is not asked, as its check would take dead connections out
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> db.count("select 1") == 1);

        assertThat(postAtOnce()).containsOnly(202);
    }

    @Test
    void whileTheStoreTakesNoWritesAPostIsA503AndOnceItDoesEveryPostIsAccepted() throws SQLException {
        PostgresServer postgres = Api.stack().postgres();
        // what a failover can leave behind: the connections still point at the old primary, now a standby
        takesWrites(postgres, false);
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Api.createOrders(Api.newUser("olga"), Map.of()).statusCode() == 503);
            Api.createOrders(Api.newUser("olga"), Map.of()).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", endsWith("/store-unavailable"))
                    .body("detail", containsString("takes no writes"));
        } finally {
            takesWrites(postgres, true);
        }
        // each server process rereads the setting at its next statement, once the postmaster has passed the reload on
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Api.createOrders(Api.newUser("olga"), Map.of()).statusCode() == 202);

        assertThat(postAtOnce()).containsOnly(202);
    }

    /**
     * Makes every transaction of the server read-only from now on, as on a standby (SQL state 25006 for a write), or
     * writable again. A server setting (postgresql.auto.conf), so it must be undone: callers do it in a finally.
     */
    private static void takesWrites(PostgresServer postgres, boolean takes) throws SQLException {
        try (Connection connection = postgres.superuserConnection("postgres"); Statement sql = connection.createStatement()) {
            sql.execute("set default_transaction_read_only = off"); // this session's own statements
            sql.execute(takes ? "alter system reset default_transaction_read_only"
                    : "alter system set default_transaction_read_only = on");
            sql.execute("select pg_reload_conf()");
        }
    }

    /** The statuses of {@link #AT_ONCE} POSTs sent at the same moment, each by a user of its own. */
    private static List<Integer> postAtOnce() {
        ExecutorService callers = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<CompletableFuture<Integer>> answers = IntStream.range(0, AT_ONCE).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> Api.createOrders(Api.newUser("olga"), Map.of()).statusCode(), callers)).toList();
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            callers.shutdownNow();
        }
    }
}
