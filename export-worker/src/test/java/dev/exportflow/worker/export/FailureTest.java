package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permanent failures end the job at once, with a code and a message for people, and leave no file behind. A request
 * that passed the checks when it was queued is checked again when it runs (the catalog may have changed meanwhile);
 * requests refused at once are {@code RefusedRequestTest}'s.
 */
@QuarkusTest
class FailureTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Test
    void aDatasetRemovedFromTheCatalogAfterItsRequestWasQueuedFailsAtOnceWithoutRetry() {
        ExportRequested request = Requests.of("no_such_dataset", "acme", Map.of());
        Claims.queue(request, "null");

        ExportFailed failed = failsAtOnce(request, "DATASET_UNKNOWN", false);
        assertThat(failed.message()).isEqualTo("The dataset 'no_such_dataset' does not exist (any more).");
        assertThat(failed.requester()).isEqualTo(request.requester());
    }

    @Test
    void aQueryTheDatabaseRejectsFailsWithAMessageThatShowsNoSql() {
        ExportRequested request = Requests.of("broken", "acme", Map.of());

        ExportFailed failed = failsAtOnce(request, "QUERY_FAILED", false);
        assertThat(failed.datasetTitle()).isEqualTo("Broken");
        assertThat(failed.message()).contains("Broken").doesNotContainIgnoringCase("select")
                .doesNotContain("no_such_table").doesNotContain("Exception");
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("FAILED");
        assertThat(Claims.column(request.jobId(), "error_code")).isEqualTo("QUERY_FAILED");
    }

    @Test
    void aQueryThatTakesLongerThanItsDatasetAllowsFailsAtOnceAsTimedOut() {
        ExportRequested request = Requests.of("slow", "acme", Map.of());

        ExportFailed failed = failsAtOnce(request, "QUERY_TIMEOUT", true);
        assertThat(failed.message()).isEqualTo("Reading the data of 'Slow' took longer than the dataset allows (1 s).");
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("FAILED");
    }

    @Test
    void unsupportedOptionsOfAQueuedRequestFailAtOnce() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of(), new CsvOptions("|", null, null, null, null, null));
        Claims.queue(request, "null");

        ExportFailed failed = failsAtOnce(request, "INVALID_REQUEST", false);
        assertThat(failed.message()).isEqualTo("The delimiter must be a comma, a semicolon or a tab.");
    }

    /**
     * Publishes the request (unless it is queued already) and checks what every permanent failure shares: ExportFailed
     * with {@code code} after the first attempt, whether the user may try again ({@code retryable}), and no file, no
     * upload, no ExportCompleted.
     */
    private ExportFailed failsAtOnce(ExportRequested request, String code, boolean retryable) {
        if (!Claims.exists(request.jobId())) {
            kafka.publish(request);
        }
        ExportFailed failed = kafka.awaitEvent(ExportFailed.class, request.jobId(), Duration.ofSeconds(30));
        assertThat(failed.errorCode()).isEqualTo(code);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.retryable()).as("whether the user may try again later").isEqualTo(retryable);
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(bucket.keys(prefix)).isEmpty();
        assertThat(bucket.incompleteUploads(prefix)).isEmpty();
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).isEmpty();
        return failed;
    }
}
