package dev.exportflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Metrics;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ErrorCodes;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An outbox row Kafka refuses for good (here: an ExportRequested over the producer's 1 MB {@code max.request.size}) is
 * quarantined with its reason and never sent again, its job fails {@code EVENT_REFUSED} with an ExportFailed on the
 * topic (so the notifier emails the user), and the relay goes on with the next job.
 */
@QuarkusTest
class OutboxQuarantineTest {

    private static final String QUARANTINED = "exportflow_outbox_quarantined_total";
    private static final String REQUESTED_TYPE = "event_type=\"dev.exportflow.export.requested.v1\"";

    @Inject
    Outbox outbox;

    @Inject
    DataSource dataSource;

    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void aRequestKafkaRefusesFailsItsJobAndTheNextJobStillRuns() {
        String user = Api.newUser("huge");
        double quarantinedBefore = Metrics.sum(QUARANTINED, REQUESTED_TYPE);
        UUID refused = QuarkusTransaction.requiringNew().call(() -> queuedJobWithOversizedRequest(user));
        UUID next = Api.createOrdersJob(Api.newUser("after-huge"), Map.of());

        Api.awaitStatus(user, refused, "FAILED")
                .body("error.code", equalTo(ErrorCodes.EVENT_REFUSED))
                .body("error.retryable", equalTo(false));
        ExportFailed failed = kafka.awaitEvent(ExportFailed.class, refused, Duration.ofSeconds(30));
        assertThat(failed.errorCode()).isEqualTo(ErrorCodes.EVENT_REFUSED);
        assertThat(failed.requester().userId()).isEqualTo(user);
        assertThat(failed.requester().email()).isEqualTo(user + "@example.com");
        assertThat(failed.dataset()).isEqualTo("orders");
        assertThat(failed.datasetTitle()).isEqualTo("Orders");
        assertThat(kafka.awaitEvent(ExportRequested.class, next, Duration.ofSeconds(30)).jobId()).isEqualTo(next);

        Db db = new Db(dataSource);
        Map<String, Object> row = db.one("select sent_at, quarantined_at, quarantine_reason from outbox_event"
                + " where aggregate_id = ? and event_type = 'dev.exportflow.export.requested.v1'", refused);
        assertThat(row.get("sent_at")).isNull();
        assertThat(row.get("quarantined_at")).isNotNull();
        assertThat((String) row.get("quarantine_reason")).startsWith("RecordTooLargeException");
        await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.sum(QUARANTINED, REQUESTED_TYPE) >= quarantinedBefore + 1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Metrics.sum("exportflow_outbox_quarantined_rows") >= 1);

        // Sweeps go on, the row is never tried again: nothing of it reaches the topic, the job stays as it ended.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(kafka.records(Topics.EXPORT_REQUESTED, refused)).isEmpty();
            assertThat(db.count("select count(*) from outbox_event where aggregate_id = ? and quarantined_at is not null",
                    refused)).isEqualTo(1);
        });
        Api.as(user).get("/api/exports/{id}", refused).then().body("status", equalTo("FAILED"));
    }

    /** A job as the api stores it, and an ExportRequested too large for Kafka written through the outbox. */
    private UUID queuedJobWithOversizedRequest(String user) {
        ExportJob job = new ExportJob();
        job.id = UUID.randomUUID();
        job.ownerId = user;
        job.ownerEmail = user + "@example.com";
        job.tenant = "acme";
        job.dataset = "orders";
        job.datasetTitle = "Orders";
        job.parameters = Map.of();
        job.format = "csv";
        job.options = CsvOptions.defaults();
        job.requestHash = "oversized-" + job.id;
        job.status = JobStatus.QUEUED;
        job.generation = 1;
        job.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        job.persist();
        outbox.add(new ExportRequested(job.id, 1, job.createdAt, job.requester(), job.dataset,
                Map.of("status", "x".repeat(1_200_000)), job.format, job.options, job.createdAt));
        return job.id;
    }
}
