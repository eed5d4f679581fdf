package dev.exportflow.worker.export;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.claim.ClaimState;
import dev.exportflow.worker.claim.ClaimStore;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.testing.Bucket;
import dev.exportflow.worker.testing.Csv;
import dev.exportflow.worker.testing.KafkaTopics;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.ShopRows;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The walking skeleton end to end: a request on Kafka becomes a file in the bucket with exactly the query's rows. */
@QuarkusTest
class ExportFlowTest {

    private static final String TENANT = "flow";
    private static final int ORDERS = 3_000;

    @Inject
    ClaimStore claims;

    @BeforeAll
    static void orders() {
        WorkerTestStack.stack().shop().ensureOrders(TENANT, ORDERS, false);
    }

    @Test
    void aRequestBecomesAFileWithTheQueryRowsAndACompletedEvent() throws Exception {
        ExportRequested request = Requests.of("orders", TENANT, Map.of());

        KafkaTopics.publish(request);

        ExportCompleted completed = KafkaTopics.awaitEvent(request.jobId(), ExportCompleted.class, Duration.ofSeconds(60));
        String fileName = "orders-2026-03-15.csv";
        assertThat(completed.objectKey()).isEqualTo("exports/" + request.jobId() + "/1/" + fileName);
        assertThat(completed.fileName()).isEqualTo(fileName);
        assertThat(completed.bucket()).isEqualTo("exports");
        assertThat(completed.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(completed.datasetTitle()).isEqualTo("Orders");
        assertThat(completed.requester()).isEqualTo(request.requester());
        assertThat(completed.rows()).isEqualTo(ORDERS);

        byte[] file = Bucket.read(completed.objectKey());
        assertThat(completed.bytes()).isEqualTo(file.length);
        assertThat(completed.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
        List<List<String>> rows = Csv.parse(file);
        assertThat(rows.get(0)).containsExactly("Order", "ordered_at", "status", "customer_name", "customer_email", "country",
                "Items", "Total", "currency", "note");
        List<List<String>> expected = ShopRows.orders(TENANT, ZoneOffset.UTC);
        assertThat(rows).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(rows.get(i + 1)).as("row %d", i + 1).isEqualTo(expected.get(i));
        }

        var stat = Bucket.stat(completed.objectKey());
        assertThat(stat.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(stat.userMetadata()).containsEntry("job-id", request.jobId().toString()).containsEntry("generation", "1")
                .containsEntry("dataset", "orders");
        assertThat(Bucket.keys("exports/" + request.jobId() + "/")).containsExactly(completed.objectKey());

        assertThat(claims.find(new JobKey(request.jobId(), 1)).orElseThrow().state()).isEqualTo(ClaimState.SUCCEEDED);
        List<ExportProgress> progress = KafkaTopics.events(Topics.EXPORT_PROGRESS, request.jobId(), ExportProgress.class);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(0).rows()).isZero();
        assertThat(progress).allSatisfy(event -> assertThat(event.rows()).isLessThanOrEqualTo(ORDERS));
    }
}
