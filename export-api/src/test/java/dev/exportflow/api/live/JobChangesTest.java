package dev.exportflow.api.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;

import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Committed changes of a job row are announced through PostgreSQL to whoever follows the job, whatever wrote the
 * row, and announcements resume after the listening connection was lost. Nothing here polls: only the
 * announcement can call a follower.
 */
@QuarkusTest
class JobChangesTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @Inject
    JobChanges changes;

    @Inject
    DataSource dataSource;

    @Test
    void aCommittedChangeIsAnnouncedToTheJobsFollowersOnly() throws Exception {
        Db db = new Db(dataSource);
        UUID followed = Api.createOrdersJob(Api.newUser("lea"), Map.of());
        UUID other = Api.createOrdersJob(Api.newUser("max"), Map.of());
        await().atMost(SOON).until(changes::listening);
        AtomicInteger followedCalls = new AtomicInteger();
        AtomicInteger otherCalls = new AtomicInteger();
        try (AutoCloseable following = changes.follow(followed, followedCalls::incrementAndGet);
                AutoCloseable alsoFollowing = changes.follow(other, otherCalls::incrementAndGet)) {

            db.update("update export_job set rows_written = 42 where id = ?", followed);

            await().atMost(SOON).until(() -> followedCalls.get() >= 1);
            assertThat(otherCalls).hasValue(0);
        }
        int callsWhileFollowed = followedCalls.get();
        db.update("update export_job set rows_written = 43 where id = ?", followed);
        UUID probe = Api.createOrdersJob(Api.newUser("ned"), Map.of());
        AtomicInteger probeCalls = new AtomicInteger();
        try (AutoCloseable following = changes.follow(probe, probeCalls::incrementAndGet)) {
            db.update("update export_job set rows_written = 1 where id = ?", probe);
            // announced in commit order: once the probe's change arrived, the earlier one has been delivered too
            await().atMost(SOON).until(() -> probeCalls.get() >= 1);
        }
        assertThat(followedCalls).as("no more calls once the follower stopped").hasValue(callsWhileFollowed);
    }

    @Test
    void aNewJobIsNotAnnouncedOnlyItsChanges() throws Exception {
        Db db = new Db(dataSource);
        UUID probe = Api.createOrdersJob(Api.newUser("pia"), Map.of());
        List<String> announced = new ArrayList<>();
        try (Connection listener = dataSource.getConnection(); Statement sql = listener.createStatement()) {
            sql.execute("listen " + JobChanges.CHANNEL);
            try {
                UUID created = Api.createOrdersJob(Api.newUser("ola"), Map.of());
                db.update("update export_job set rows_written = 5 where id = ?", created);
                db.update("update export_job set rows_written = 5 where id = ?", probe);
                // announced in commit order: once the probe's change arrived, the new job's would have too
                PGConnection notifications = listener.unwrap(PGConnection.class);
                await().atMost(SOON).pollInSameThread().untilAsserted(() -> {
                    PGNotification[] arrived = notifications.getNotifications(500);
                    Arrays.stream(arrived == null ? new PGNotification[0] : arrived)
                            .forEach(notification -> announced.add(notification.getParameter()));
                    assertThat(announced).as("the probe's change arrived").contains(probe.toString());
                });
                assertThat(announced).as("the update of the new job, not its insert").containsOnlyOnce(created.toString());
            } finally {
                sql.execute("unlisten *"); // the connection goes back to the pool
            }
        }
    }

    @Test
    void afterTheListeningConnectionWasLostFollowersAreToldAndAnnouncementsResume() throws Exception {
        Db db = new Db(dataSource);
        UUID id = Api.createOrdersJob(Api.newUser("ivy"), Map.of());
        await().atMost(SOON).until(changes::listening);
        AtomicInteger calls = new AtomicInteger();
        try (AutoCloseable following = changes.follow(id, calls::incrementAndGet)) {

            long terminated = db.count("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where application_name = ? and pid <> pg_backend_pid()", JobChanges.APPLICATION_NAME);

            assertThat(terminated).isPositive();
            await().atMost(SOON).until(() -> calls.get() >= 1); // told on reconnecting: a change may have been missed
            await().atMost(SOON).until(changes::listening);
            int beforeChange = calls.get();
            db.update("update export_job set rows_written = 7 where id = ?", id);
            await().atMost(SOON).until(() -> calls.get() > beforeChange);
        }
    }
}
