package dev.exportflow.worker.export;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.storage.S3Server;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Csv;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The object store goes away for a few seconds in the middle of an export: the job is retried and succeeds; the worker
 * stays ready throughout (a restart would not bring the store back), the store shows DOWN in the dependencies group.
 */
@QuarkusTest
class StorageOutageTest {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @Test
    void anExportSurvivesTheStoreStoppingMidway() throws Exception {
        // 20 MB in parts of 5 MiB, with pauses: about six seconds
        ExportRequested request = Requests.of("numbers", "acme",
                Map.of("rows", "20000", "width", "1000", "pause_every", "1000", "pause_ms", "300"));
        kafka.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.events(ExportProgress.class, request.jobId())
                .stream().anyMatch(progress -> progress.bytes() > 6 * 1024 * 1024));

        S3Server s3 = WorkerTestStack.stack().s3();
        s3.stop();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "STORAGE_UNAVAILABLE".equals(Claims.column(request.jobId(), "error_code")));
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health/live").then().statusCode(200);
            given().get("/q/health/group/dependencies").then().statusCode(503)
                    .body("checks.find { it.name == 'Object storage' }.status", equalTo("DOWN"));
        } finally {
            s3.start();
        }

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(120));
        assertThat(completed.rows()).isEqualTo(20000);
        assertThat(Integer.parseInt(Claims.column(request.jobId(), "attempts"))).isGreaterThanOrEqualTo(2);
        byte[] file = bucket.read(completed.objectKey());
        assertThat(file.length).isEqualTo(completed.bytes()).isGreaterThan(20_000_000);
        assertThat(completed.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
        assertThat(Csv.parse(file)).hasSize(20001);
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(bucket.keys(prefix)).containsExactly(completed.objectKey());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bucket.incompleteUploads(prefix)).isEmpty());
    }
}
