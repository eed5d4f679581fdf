package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.job.JobReportService.Refusal;
import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.Requester;

import io.quarkus.test.junit.QuarkusTest;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A poll's reports are applied together: one transaction for all of them, each job's in their order, and a bad one
 * refused alone while the rest apply (the consumers hand over whole polls, see JobReportConsumer).
 */
@QuarkusTest
class JobReportBatchTest {

    @Inject
    JobReportService reports;

    @Inject
    DataSource dataSource;

    @Test
    void aPollsReportsGoInOneTransactionEachJobsInItsOwnOrder() {
        String user = Api.newUser("batch");
        ThreeJobs jobs = threeQueuedJobs(user);
        UUID first = jobs.first();

        List<Refusal> refused = reports.apply(List.of(
                Events.progress(first, 1, 250, 30_000, 1000L),
                Events.completed(jobs.second(), 1, user, Events.objectKey(jobs.second(), 1), 10, 1_000),
                Events.progress(first, 1, 500, 60_000, 1000L),
                Events.progress(jobs.third(), 1, 7, 700, null),
                Events.completed(first, 1, user, Events.objectKey(first, 1), 1000, 120_000)));

        assertThat(refused).isEmpty();
        Db db = new Db(dataSource);
        assertThat(db.one("select status, rows_written, started_at is not null as started from export_job where id = ?", first))
                .containsEntry("status", "SUCCEEDED").containsEntry("rows_written", 1000L).containsEntry("started", true);
        assertThat(db.one("select status from export_job where id = ?", jobs.second())).containsEntry("status", "SUCCEEDED");
        assertThat(db.one("select status, rows_written from export_job where id = ?", jobs.third()))
                .containsEntry("status", "RUNNING").containsEntry("rows_written", 7L);
        assertThat(db.count("select count(distinct xmin::text) from export_job where id in (?, ?, ?)", first,
                jobs.second(), jobs.third())).as("the transactions that last wrote the three rows").isEqualTo(1);
    }

    @Test
    void aReportThatBreaksARuleIsRefusedAloneAndTheOthersApply() {
        String user = Api.newUser("batch");
        UUID job = Api.createOrdersJob(user, Map.of());
        UUID other = Api.createOrdersJob(user, Map.of("status", "PAID"));
        UUID unknown = UUID.randomUUID();

        List<Refusal> refused = reports.apply(List.of(
                Events.progress(unknown, 1, 1, 1, null),
                Events.completed(other, 1, user, Events.objectKey(job, 1), 10, 1_000),
                Events.progress(job, 1, 40, 4_000, null)));

        assertThat(refused).extracting(refusal -> refusal.report().jobId(), refusal -> refusal.cause().reason())
                .containsExactlyInAnyOrder(Tuple.tuple(unknown, "unknown-job"),
                        Tuple.tuple(other, "foreign-object"));
        Db db = new Db(dataSource);
        assertThat(db.one("select status, rows_written from export_job where id = ?", job))
                .containsEntry("status", "RUNNING").containsEntry("rows_written", 40L);
        assertThat(db.one("select status, file_object_key from export_job where id = ?", other))
                .containsEntry("status", "QUEUED").containsEntry("file_object_key", null);
    }

    /**
     * A value the store refuses shows only at the commit, failing the whole transaction: the reports are applied again
     * one by one and only that one is refused. A check constraint stands in for such a value (ReportCheck keeps out
     * every one known).
     */
    @Test
    void aValueTheStoreRefusesCostsOnlyItsOwnReport() {
        String user = Api.newUser("batch");
        ThreeJobs jobs = threeQueuedJobs(user);
        UUID refusedJob = jobs.second();
        Db db = new Db(dataSource);
        db.update("alter table export_job add constraint test_store_refuses check (error_code is distinct from 'STORE_REFUSES')");
        try {
            List<Refusal> refused = reports.apply(List.of(
                    Events.progress(jobs.first(), 1, 3, 300, null),
                    new ExportFailed(refusedJob, 1, Instant.now(), new Requester(user, user + "@example.com", null, "acme", null),
                            "orders", "Orders", "STORE_REFUSES", "The store refuses this code.", 1, false),
                    Events.progress(jobs.third(), 1, 5, 500, null)));

            assertThat(refused).singleElement().satisfies(refusal -> {
                assertThat(refusal.report().jobId()).isEqualTo(refusedJob);
                assertThat(refusal.cause().reason()).isEqualTo("store-refused");
            });
        } finally {
            db.update("alter table export_job drop constraint test_store_refuses");
        }
        assertThat(db.one("select status from export_job where id = ?", refusedJob)).containsEntry("status", "QUEUED");
        assertThat(db.one("select status, rows_written from export_job where id = ?", jobs.first()))
                .containsEntry("status", "RUNNING").containsEntry("rows_written", 3L);
        assertThat(db.one("select status, rows_written from export_job where id = ?", jobs.third()))
                .containsEntry("status", "RUNNING").containsEntry("rows_written", 5L);
    }

    /** Three different exports (identical ones would be deduplicated), as many as a user may have active. */
    private static ThreeJobs threeQueuedJobs(String user) {
        return new ThreeJobs(Api.createOrdersJob(user, Map.of()), Api.createOrdersJob(user, Map.of("status", "PAID")),
                Api.createOrdersJob(user, Map.of("status", "SHIPPED")));
    }

    private record ThreeJobs(UUID first, UUID second, UUID third) {
    }
}
