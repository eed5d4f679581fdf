package dev.exportflow.worker.export;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Records on {@code export-requested} are untrusted: a request the api would have refused (unknown dataset, parameters
 * the catalog refuses, caller-bound parameters in the body, no tenant for a tenant-bound dataset, unsupported options,
 * oversized or missing fields) never runs. It is counted, parked in the DLQ and, when it names a job generation the
 * worker does not hold, fails that job at once, without waiting for the api's watchdog; a forged record for a job the
 * worker holds changes nothing.
 */
@QuarkusTest
class RefusedRequestTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Test
    void anUnknownDatasetIsRefusedAndItsJobFails() {
        ExportRequested request = Requests.of("no_such_dataset", "acme", Map.of());

        ExportFailed failed = refused(request, "DATASET_UNKNOWN", "unknown-dataset");

        assertThat(failed.message()).isEqualTo("The dataset 'no_such_dataset' does not exist (any more).");
        assertThat(failed.requester()).isEqualTo(request.requester());
        assertThat(failed.dataset()).isEqualTo("no_such_dataset");
    }

    @Test
    void parametersTheApiWouldHaveRefusedNeverReachTheDatabase() {
        ExportRequested hugeExponent = Requests.of("numbers", "acme", Map.of("rows", "1e1100000"));
        ExportRequested unknownName = Requests.of("numbers", "acme", Map.of("rows", "10", "drop_table", "x"));
        ExportRequested tenantInBody = Requests.of("tricky", "acme", Map.of("tenant_id", "globex"));
        ExportRequested tooLong = Requests.of("orders", "acme", Map.of("status", "x".repeat(20_000)));

        for (ExportRequested request : List.of(hugeExponent, unknownName, tenantInBody, tooLong)) {
            ExportFailed failed = refused(request, "INVALID_PARAMETERS", "invalid-parameters");
            assertThat(failed.message()).startsWith("The parameters of the export are not valid for dataset");
        }
    }

    @Test
    void aTenantBoundDatasetWithoutATenantIsRefused() {
        ExportRequested request = Requests.of("orders", null, Map.of());

        ExportFailed failed = refused(request, "INVALID_REQUEST", "no-tenant");

        assertThat(failed.message()).contains("per tenant");
    }

    @Test
    void unsupportedOptionsAreRefused() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of(), new CsvOptions("|", null, null, null, null, null));

        ExportFailed failed = refused(request, "INVALID_REQUEST", "invalid-options");

        assertThat(failed.message()).isEqualTo("The delimiter must be a comma, a semicolon or a tab.");
    }

    @Test
    void oversizedOrMissingFieldsAreRefusedAndNotToldBack() {
        ExportRequested longDataset = Requests.of("x".repeat(10_000), "acme", Map.of());
        ExportFailed failed = refused(longDataset, "INVALID_REQUEST", "too-long");
        assertThat(failed.dataset()).as("not echoed").isNull();
        assertThat(failed.requester()).isEqualTo(longDataset.requester());

        ExportRequested longEmail = withRequester(Requests.of("numbers", "acme", Map.of()),
                new Requester("user-acme", "a".repeat(5000) + "@example.com", "en", "acme", null));
        failed = refused(longEmail, "INVALID_REQUEST", "too-long");
        assertThat(failed.requester()).as("not echoed").isNull();

        ExportRequested noRequester = withRequester(Requests.of("numbers", "acme", Map.of()), null);
        failed = refused(noRequester, "INVALID_REQUEST", "missing-field");
        assertThat(failed.requester()).isNull();
    }

    @Test
    void aForgedRecordForAJobTheWorkerHoldsChangesNothing() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "20"));
        kafka.publish(request);
        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(30));
        ExportRequested forged = new ExportRequested(request.jobId(), 1, Instant.now(), request.requester(), "no_such_dataset",
                Map.of(), "csv", null, request.requestedAt());

        kafka.publish(forged);

        awaitDeadLetter(request.jobId(), 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> kafka.events(ExportFailed.class, request.jobId()).isEmpty());
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("SUCCEEDED");
        assertThat(bucket.keys("exports/" + request.jobId() + "/")).containsExactly(completed.objectKey());
    }

    /**
     * Publishes the request and checks what every refusal shares: ExportFailed with {@code code} and no attempt, the
     * record in the DLQ with its reason, counted by {@code reason}; no acknowledgement, no run, no file.
     */
    private ExportFailed refused(ExportRequested request, String code, String reason) {
        kafka.publish(request);
        ExportFailed failed = kafka.awaitEvent(ExportFailed.class, request.jobId(), Duration.ofSeconds(30));
        assertThat(failed.errorCode()).isEqualTo(code);
        assertThat(failed.attempts()).as("never run").isZero();
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).doesNotContain("Exception").hasSizeLessThan(300);
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(request.jobId(), 1).get(0);
        assertThat(TestKafka.header(dead, "dead-letter-reason")).isNotBlank();
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("FAILED");
        assertThat(Claims.column(request.jobId(), "error_code")).isEqualTo(code);
        assertThat(kafka.events(ExportQueued.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportProgress.class, request.jobId())).isEmpty();
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
        assertThat(bucket.keys("exports/" + request.jobId() + "/")).isEmpty();
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "exportflow_events_refused_total{channel=\"export-requested\",reason=\"" + reason + "\"}"));
        return failed;
    }

    private List<ConsumerRecord<String, byte[]>> awaitDeadLetter(UUID jobId, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> kafka.records(Topics.EXPORT_REQUESTED_DLQ, jobId), records -> records.size() == count);
    }

    private static ExportRequested withRequester(ExportRequested request, Requester requester) {
        return new ExportRequested(request.jobId(), request.generation(), request.occurredAt(), requester, request.dataset(),
                request.parameters(), request.format(), request.csv(), request.requestedAt());
    }
}
