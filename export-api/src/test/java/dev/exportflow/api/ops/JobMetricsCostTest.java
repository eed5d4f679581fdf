package dev.exportflow.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
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
 * The gauges every replica refreshes every 15 s read the jobs in flight, not the history: the active jobs by status
 * and the oldest QUEUED job cost about the same behind {@value #HISTORY} ended jobs and a backlog of
 * {@value #BACKLOG} queued ones as without them. Measured in buffers read, which do not depend on the machine's speed.
 */
@QuarkusTest
class JobMetricsCostTest {

    private static final int HISTORY = 20_000;
    private static final int BACKLOG = 2_000;

    @Inject
    DataSource dataSource;

    @Test
    void theFrequentGaugesReadTheJobsInFlightNotTheHistory() throws Exception {
        UUID template = Api.createOrdersJob(Api.newUser("metrics-cost"), Map.of("status", "NEW"));
        // Never committed: nothing else of the running api sees these rows.
        new Db(dataSource).rolledBack(db -> {
            // The other tests' active jobs, committed, are counted too: the same before and after the history.
            QueryPlan.refreshStatistics(db, "export_job");
            long before = QueryPlan.analyze(db, JobMetrics.ACTIVE_BY_STATUS).buffersRead();
            copies(db, template, HISTORY, "SUCCEEDED");
            QueryPlan.refreshStatistics(db, "export_job");
            long history = QueryPlan.analyze(db, JobMetrics.ALL_BY_STATUS).buffersRead();
            long active = QueryPlan.analyze(db, JobMetrics.ACTIVE_BY_STATUS).buffersRead();
            // Through export_job_owner_active: 1 - 2 buffers before and after here, all statuses 910. Before the
            // history the planner may read a small table whole (99 buffers in a CI run after the other tests' jobs,
            // then 119 through the index): the count must not take on the history's pages, about 900 more.
            assertThat(active).as("buffers read to count the active jobs behind %d ended ones (before them: %d;"
                    + " all statuses: %d)", HISTORY, before, history).isLessThan(before + (history - before) / 10);

            copies(db, template, BACKLOG, "QUEUED");
            QueryPlan.refreshStatistics(db, "export_job");
            QueryPlan oldest = QueryPlan.analyze(db, JobMetrics.OLDEST_QUEUED);
            // One probe of export_job_queued_since (3 buffers); without it the minimum read every queued row (92, checked).
            assertThat(oldest.buffersRead()).as("buffers read for the oldest of %d queued jobs; %s", BACKLOG, oldest)
                    .isLessThan(20);
        });
    }

    private static void copies(Connection db, UUID template, int count, String status) throws Exception {
        JobCopies.insert(db, template, count, "'status', ?::text, 'idempotency_key', null,"
                + " 'created_at', now() - make_interval(secs => n)", status);
    }
}
