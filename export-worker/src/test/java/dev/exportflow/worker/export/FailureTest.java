package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Bucket;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.KafkaTopics;
import dev.exportflow.worker.testing.Requests;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Permanent failures end the job at once, with a code and a message for people, and leave no file behind. */
@QuarkusTest
class FailureTest {

    @Test
    void anUnknownDatasetFailsAtOnceWithoutRetry() {
        ExportRequested request = Requests.of("no_such_dataset", "acme", Map.of());

        ExportFailed failed = failureOf(request);
        assertThat(failed.errorCode()).isEqualTo("DATASET_UNKNOWN");
        assertThat(failed.message()).isEqualTo("The dataset 'no_such_dataset' does not exist (any more).");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.requester()).isEqualTo(request.requester());
        assertNothingStored(request);
    }

    @Test
    void aQueryTheDatabaseRejectsFailsWithAMessageThatShowsNoSql() {
        ExportRequested request = Requests.of("broken", "acme", Map.of());

        ExportFailed failed = failureOf(request);
        assertThat(failed.errorCode()).isEqualTo("QUERY_FAILED");
        assertThat(failed.datasetTitle()).isEqualTo("Broken");
        assertThat(failed.message()).contains("Broken").doesNotContainIgnoringCase("select")
                .doesNotContain("no_such_table").doesNotContain("Exception");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.retryable()).isFalse();
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("FAILED");
        assertThat(Claims.column(request.jobId(), "error_code")).isEqualTo("QUERY_FAILED");
        assertNothingStored(request);
    }

    @Test
    void aQueryThatTakesLongerThanItsDatasetAllowsFailsAtOnceAsTimedOut() {
        ExportRequested request = Requests.of("slow", "acme", Map.of());

        ExportFailed failed = failureOf(request);
        assertThat(failed.errorCode()).isEqualTo("QUERY_TIMEOUT");
        assertThat(failed.message()).isEqualTo("Reading the data of 'Slow' took longer than the dataset allows (1 s).");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.retryable()).as("the user may try again later").isTrue();
        assertThat(Claims.column(request.jobId(), "state")).isEqualTo("FAILED");
        assertNothingStored(request);
    }

    @Test
    void unsupportedOptionsFailAtOnce() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of(), new CsvOptions("|", null, null, null, null, null));

        ExportFailed failed = failureOf(request);
        assertThat(failed.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(failed.message()).isEqualTo("The delimiter must be a comma, a semicolon or a tab.");
        assertNothingStored(request);
    }

    private static ExportFailed failureOf(ExportRequested request) {
        KafkaTopics.publish(request);
        return KafkaTopics.awaitEvent(request.jobId(), ExportFailed.class, Duration.ofSeconds(30));
    }

    private static void assertNothingStored(ExportRequested request) {
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(Bucket.keys(prefix)).isEmpty();
        assertThat(Bucket.incompleteUploads(prefix)).isEmpty();
        assertThat(KafkaTopics.events(Topics.EXPORT_COMPLETED, request.jobId(), ExportCompleted.class)).isEmpty();
    }
}
