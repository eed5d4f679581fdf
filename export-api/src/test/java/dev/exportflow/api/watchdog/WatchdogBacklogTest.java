package dev.exportflow.api.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.JobCopies;
import dev.exportflow.api.support.QueryPlan;

import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

/**
 * The watchdog's sweep after an outage that left many jobs no worker took, behind an hour of sent outbox rows: it
 * reads about as much as the jobs it looks at, not those jobs times the sent rows; and with nothing due, behind a
 * backlog, it reads next to nothing. Measured in buffers read, which do not depend on the machine's speed.
 */
@QuarkusTest
class WatchdogBacklogTest {

    private static final int CANDIDATES = 1_000;
    private static final int SENT = 10_000;
    private static final int BATCH = 100;
    private static final int BACKLOG = 10_000;

    @Inject
    DataSource dataSource;

    @Test
    void aSweepReadsAboutTheCandidateJobsNotTheJobsTimesTheSentRows() throws Exception {
        UUID template = Api.createOrdersJob(Api.newUser("watchdog-backlog"), Map.of("status", "NEW"));
        // Never committed, so the running watchdog and relay never see these rows.
        new Db(dataSource).rolledBack(db -> {
            insertUnacceptedJobs(db, template);
            insertSentRows(db, template);
            QueryPlan.refreshStatistics(db, "export_job");
            QueryPlan.refreshStatistics(db, "outbox_event");
            QueryPlan plan = QueryPlan.analyze(db, sweep());
            assertThat(plan.rows()).as("jobs due").isEqualTo(BATCH);
            // 900 - 3,200 buffers with fresh statistics on a scratch copy. The union run again for each active job (a plan made
            // without statistics, in a CI run) read 297,145; the sent rows scanned once per candidate, about 770,000.
            assertThat(plan.buffersRead())
                    .as("buffers read to find %d due jobs among %d behind %d sent rows; %s", BATCH, CANDIDATES, SENT, plan)
                    .isLessThan(10L * CANDIDATES);
        });
    }

    @Test
    void aSweepWithNothingDueReadsNoneOfTheWaitingJobs() throws Exception {
        UUID template = Api.createOrdersJob(Api.newUser("watchdog-idle"), Map.of("status", "NEW"));
        new Db(dataSource).rolledBack(db -> {
            // The other tests' jobs (committed; some may be due) count the same before and after the backlog.
            QueryPlan.refreshStatistics(db, "export_job");
            QueryPlan before = QueryPlan.analyze(db, sweep());
            // Requests posted in the last minute, no worker running yet (the api's benchmark of POSTs) ...
            JobCopies.insert(db, template, BACKLOG, "'status', 'QUEUED', 'queued_at', null, 'redriven_at', null,"
                    + " 'idempotency_key', null, 'requested_at', now() - make_interval(secs => n / 200.0),"
                    + " 'created_at', now() - make_interval(secs => n / 200.0)");
            // ... and a backlog the workers acknowledged an hour ago and have not reached yet.
            JobCopies.insert(db, template, BACKLOG, "'status', 'QUEUED', 'queued_at', now() - interval '1 hour',"
                    + " 'idempotency_key', null, 'requested_at', now() - interval '1 hour',"
                    + " 'created_at', now() - interval '1 hour' + make_interval(secs => n / 200.0)");
            QueryPlan.refreshStatistics(db, "export_job");
            QueryPlan after = QueryPlan.analyze(db, sweep());
            assertThat(after.rows()).as("jobs due").isEqualTo(before.rows());
            // One or over the four ways of falling due read every job in created_at order: 1,190 buffers here
            // (checked with that query); each way from its own index, about as many as before the backlog.
            assertThat(after.buffersRead()).as("buffers read behind %d waiting jobs (before them: %d)", 2 * BACKLOG,
                    before.buffersRead()).isLessThan(before.buffersRead() + 50);
        });
    }

    /** Copies of the template job, QUEUED an hour ago and never acknowledged by a worker: each a candidate. */
    private static void insertUnacceptedJobs(Connection db, UUID template) throws Exception {
        JobCopies.insert(db, template, CANDIDATES, "'status', 'QUEUED', 'queued_at', null, 'redriven_at', null,"
                + " 'idempotency_key', null, 'requested_at', now() - interval '1 hour',"
                + " 'created_at', now() - interval '1 hour'");
    }

    /** Rows of other jobs sent a minute ago, as the relay keeps them for an hour. */
    private static void insertSentRows(Connection db, UUID template) throws Exception {
        try (PreparedStatement sent = db.prepareStatement("insert into outbox_event (id, aggregate_id, topic, event_type,"
                + " payload, created_at, sent_at) select gen_random_uuid(), gen_random_uuid(), o.topic, o.event_type,"
                + " o.payload, now(), now() - interval '1 minute' from outbox_event o, generate_series(1, ?)"
                + " where o.aggregate_id = ?")) {
            sent.setInt(1, SENT);
            sent.setObject(2, template);
            sent.executeUpdate();
        }
    }

    private static String sweep() {
        return JobWatchdog.CLAIM_DUE.replace(":queuedCutoff", "now() - interval '6 hours'")
                .replace(":redriveCutoff", "now() - interval '2 minutes'").replace(":limit", Integer.toString(BATCH));
    }
}
