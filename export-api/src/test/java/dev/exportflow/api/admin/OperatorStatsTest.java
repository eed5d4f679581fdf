package dev.exportflow.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.devstack.testing.TestKafka;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;

/** {@code GET /api/admin/stats}: counts by status and error code per window, the oldest queued job, the outbox. */
@QuarkusTest
class OperatorStatsTest {

    private final Db db = Db.jobs(Api.stack());
    private final Operator.Session operator = Operator.newOperator();

    @Test
    void jobsCountInTheWindowsTheyWereCreatedIn() {
        String code = "STATS_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String tenant = "stats-" + UUID.randomUUID().toString().substring(0, 8);
        String user = Api.newUser("sam");
        UUID recent = Operator.createJob(user, tenant, 1);
        UUID older = Operator.createJob(user, tenant, 2);
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            Operator.fail(kafka, recent, 1, user, tenant, code);
            Operator.fail(kafka, older, 1, user, tenant, code);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
                "select count(*) from export_job where tenant = ? and status = 'FAILED'", tenant) == 2);
        db.update("update export_job set created_at = created_at - interval '3 hours' where id = ?", older);

        JsonPath stats = stats();
        assertThat(stats.getLong("lastHour.byErrorCode." + code)).isEqualTo(1);
        assertThat(stats.getLong("lastDay.byErrorCode." + code)).isEqualTo(2);
        assertThat(stats.getMap("lastHour.byStatus")).containsKeys((Object[]) names());
        assertThat(stats.getLong("lastDay.byStatus.FAILED")).isGreaterThanOrEqualTo(2);
        assertThat(stats.getLong("lastDay.byStatus.FAILED") - stats.getLong("lastHour.byStatus.FAILED"))
                .as("the older failure counts in the day only").isGreaterThanOrEqualTo(1);

        db.update("update export_job set created_at = created_at - interval '2 days' where id = ?", older);
        assertThat(stats().getLong("lastDay.byErrorCode." + code)).isEqualTo(1);
    }

    @Test
    void theOldestQueuedAgeIsTheWaitOfTheCurrentGeneration() {
        UUID waiting = Api.createOrdersJob(Api.newUser("quinn"), Map.of());
        db.update("update export_job set requested_at = ? where id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(400))), waiting);
        try {
            assertThat(stats().getLong("oldestQueuedAgeSeconds")).isBetween(Duration.ofDays(400).toSeconds() - 60,
                    Duration.ofDays(400).toSeconds() + 60);
        } finally {
            db.update("update export_job set status = 'CANCELLED', finished_at = now() where id = ?", waiting);
        }
        assertThat(stats().getLong("oldestQueuedAgeSeconds")).isLessThan(Duration.ofDays(400).toSeconds() - 60);
    }

    @Test
    void quarantinedOutboxRowsAreCounted() {
        long before = stats().getLong("outbox.quarantined");
        UUID row = UUID.randomUUID();
        db.update("insert into outbox_event (id, aggregate_id, topic, event_type, payload, created_at, quarantined_at,"
                + " quarantine_reason) values (?, ?, 'export-requested', 'dev.exportflow.export.requested.v1', '{}', now(),"
                + " now(), 'RecordTooLargeException: on purpose')", row, UUID.randomUUID());
        try {
            JsonPath stats = stats();
            assertThat(stats.getLong("outbox.quarantined")).isEqualTo(before + 1);
            assertThat(stats.getLong("outbox.pending")).isGreaterThanOrEqualTo(0);
        } finally {
            db.update("delete from outbox_event where id = ?", row);
        }
    }

    private JsonPath stats() {
        return operator.call().get("/api/admin/stats").then().statusCode(200).extract().jsonPath();
    }

    private static String[] names() {
        return java.util.Arrays.stream(JobStatus.values()).map(Enum::name).toArray(String[]::new);
    }
}
