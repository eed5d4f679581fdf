package dev.exportflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.QueryPlan;

import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

/**
 * The relay behind a backlog, as a Kafka outage leaves one: taking the next batch reads about as much as the batch,
 * not the backlog times the batch. Measured in buffers read, which do not depend on the machine's speed.
 */
@QuarkusTest
class OutboxBacklogTest {

    private static final int BACKLOG = 5_000;
    private static final int BATCH = 200;

    @Inject
    DataSource dataSource;

    @Test
    void theNextBatchReadsAboutTheBatchNotTheBacklog() throws Exception {
        UUID job = Api.createOrdersJob(Api.newUser("backlog"), Map.of("status", "NEW"));
        Map<String, Object> event = new Db(dataSource)
                .one("select topic, event_type, payload from outbox_event where aggregate_id = ?", job);
        // Never committed, so the running relay never sees these rows, and statistics have not caught up with them.
        new Db(dataSource).rolledBack(db -> {
            insertBacklog(db, event);
            QueryPlan plan = QueryPlan.analyze(db, nextBatch());
            assertThat(plan.rows()).isEqualTo(BATCH);
            // The anti-join the query replaced read about 1,000,000 buffers for this batch; it now reads a few thousand.
            assertThat(plan.buffersRead())
                    .as("buffers read to lock one batch of %d behind %d pending rows; %s", BATCH, BACKLOG, plan)
                    .isLessThan(50L * BATCH);
            assertThat(batchJobs(db)).as("one event per job, its oldest").doesNotHaveDuplicates().hasSize(BATCH);
        });
    }

    private static void insertBacklog(Connection db, Map<String, Object> event) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("insert into outbox_event (id, aggregate_id, topic, event_type,"
                + " payload, created_at) values (?, ?, ?, ?, ?, now())")) {
            UUID job = null;
            for (int i = 0; i < BACKLOG; i++) {
                // every third row is a job's second event, waiting behind its first
                job = i % 3 == 2 ? job : UUID.randomUUID();
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, job);
                insert.setString(3, (String) event.get("topic"));
                insert.setString(4, (String) event.get("event_type"));
                insert.setString(5, (String) event.get("payload"));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The jobs of the batch the relay would take next, each checked to be its job's oldest pending row. */
    private static List<UUID> batchJobs(Connection db) throws Exception {
        List<UUID> jobs = new ArrayList<>();
        try (PreparedStatement batch = db.prepareStatement("select aggregate_id, seq = (select min(seq) from outbox_event e"
                + " where e.aggregate_id = b.aggregate_id and e.sent_at is null) as oldest from (" + nextBatch() + ") b");
                ResultSet rows = batch.executeQuery()) {
            while (rows.next()) {
                assertThat(rows.getBoolean("oldest")).isTrue();
                jobs.add(rows.getObject("aggregate_id", UUID.class));
            }
        }
        return jobs;
    }

    private static String nextBatch() {
        return OutboxRows.LOCK_NEXT_BATCH.replace("limit ?", "limit " + BATCH);
    }
}
