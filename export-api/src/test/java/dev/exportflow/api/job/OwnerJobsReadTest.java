package dev.exportflow.api.job;

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
 * A POST's one read of the caller's jobs ({@link NewJobStore#OWNER_JOBS}) costs about what it returns, not the
 * caller's history: a user with thousands of finished exports posts as fast as a new one. Measured in buffers read,
 * which do not depend on the machine's speed.
 */
@QuarkusTest
class OwnerJobsReadTest {

    private static final int FINISHED = 2_000;
    private static final String KEY = "owner-jobs-key";

    @Inject
    DataSource dataSource;

    @Test
    void readsTheActiveAndTheKeyedJobsNotTheHistory() throws Exception {
        UUID template = Api.createOrdersJob(Api.newUser("owner-jobs-template"), Map.of("status", "NEW"));
        String owner = Api.newUser("owner-jobs");
        // Never committed: nothing else of the running api sees these rows.
        new Db(dataSource).rolledBack(db -> {
            copies(db, template, owner, FINISHED, "SUCCEEDED", null);
            copies(db, template, owner, 1, "SUCCEEDED", KEY);
            copies(db, template, owner, 2, "QUEUED", null);
            copies(db, template, owner, 1, "CANCELLING", null);
            // Statistics that count these rows, in this transaction (rolled back with it): without them the plan
            // depended on what autovacuum had last counted of the other tests' jobs.
            QueryPlan.refreshStatistics(db, "export_job");
            QueryPlan plan = QueryPlan.analyze(db,
                    NewJobStore.OWNER_JOBS.replaceFirst("\\?", "'" + owner + "'").replaceFirst("\\?", "'" + KEY + "'"));
            assertThat(plan.rows()).as("three active jobs and the keyed one").isEqualTo(4);
            // 7 buffers through the two partial indexes; 110 through the owner's history (checked with them dropped).
            assertThat(plan.buffersRead()).as("buffers read for 4 of %d jobs; %s", FINISHED + 4, plan).isLessThan(20);
        });
    }

    /** Copies of the template job as the owner's, in {@code status}, with {@code key} as their Idempotency-Key. */
    private static void copies(Connection db, UUID template, String owner, int count, String status, String key)
            throws Exception {
        JobCopies.insert(db, template, count, "'owner_id', ?::text, 'status', ?::text, 'idempotency_key', ?::text,"
                + " 'created_at', now() - make_interval(secs => n)", owner, status, key);
    }
}
