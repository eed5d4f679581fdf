package dev.exportflow.worker.export;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.events.TraceParent;
import dev.exportflow.worker.claim.ClaimState;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Csv;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.ShopRows;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The walking skeleton end to end: a request on Kafka becomes a file in the bucket with exactly the query's rows. */
@QuarkusTest
class ExportFlowTest {

    private static final String TENANT = "flow";
    private static final int ORDERS = 3_000;

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    @BeforeAll
    static void orders() {
        WorkerTestStack.stack().shop().ensureOrders(TENANT, ORDERS, false);
    }

    @Test
    void aRequestBecomesAFileWithTheQueryRowsAndACompletedEvent() throws Exception {
        ExportRequested request = Requests.of("orders", TENANT, Map.of());
        Instant published = Instant.now();

        kafka.publish(request);

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.startedAt()).as("when its run began").isBetween(published, completed.occurredAt());
        String fileName = "orders-2026-03-15.csv";
        assertThat(completed.objectKey()).isEqualTo("exports/" + request.jobId() + "/1/" + fileName);
        assertThat(completed.fileName()).isEqualTo(fileName);
        assertThat(completed.bucket()).isEqualTo("exports");
        assertThat(completed.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(completed.datasetTitle()).isEqualTo("Orders");
        assertThat(completed.requester()).isEqualTo(request.requester());
        assertThat(completed.rows()).isEqualTo(ORDERS);

        byte[] file = bucket.read(completed.objectKey());
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

        var stat = bucket.stat(completed.objectKey());
        assertThat(stat.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(stat.userMetadata()).containsEntry("job-id", request.jobId().toString()).containsEntry("generation", "1")
                .containsEntry("dataset", "orders").containsEntry("rows", Long.toString(ORDERS))
                .containsEntry("sha256", completed.sha256());
        assertThat(bucket.keys("exports/" + request.jobId() + "/")).containsExactly(completed.objectKey());

        assertThat(Claims.column(request.jobId(), "state")).isEqualTo(ClaimState.SUCCEEDED.name());
        // a run shorter than a tick of the progress clock publishes no progress; one caught by a tick counts up to ORDERS
        List<ExportProgress> progress = kafka.events(ExportProgress.class, request.jobId());
        assertThat(progress).allSatisfy(event -> assertThat(event.rows()).isLessThanOrEqualTo(ORDERS));
    }

    /**
     * A file smaller than one part goes up in one PUT: no multipart upload is started, completed or copied. A run records
     * the id of its multipart upload on the claim as soon as it starts one; here that write fails (a trigger), so a run
     * that started one could not succeed at its first attempt. A file of two parts, under the same trigger, shows it.
     */
    @Test
    void aSmallFileGoesUpInOnePutWithItsExactBytes() throws Exception {
        // about 128 kB: more than the first buffer (64 KiB), which grows, and less than one part
        ExportRequested small = Requests.of("numbers", "acme", Map.of("rows", "5000"));
        ExportRequested large = Requests.of("numbers", "acme", Map.of("rows", "200000", "width", "50"));

        try (AutoCloseable noMultipart = Claims.breakUpdates(small.jobId(), "new.upload_id is not null", true);
                AutoCloseable noMultipartForTheLarge = Claims.breakUpdates(large.jobId(), "new.upload_id is not null", true)) {
            kafka.publish(small);
            ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, small.jobId(), Duration.ofSeconds(60));
            assertThat(Claims.column(small.jobId(), "attempts")).isEqualTo("1");

            StringBuilder expected = new StringBuilder("n,label,filler\r\n");
            for (int n = 1; n <= 5000; n++) {
                expected.append(n).append(",row ").append(n).append(",xxxxxxxxxx\r\n");
            }
            byte[] file = bucket.read(completed.objectKey());
            assertThat(new String(file, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
            assertThat(completed.rows()).isEqualTo(5000);
            assertThat(completed.bytes()).isEqualTo(file.length);
            assertThat(completed.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
            assertThat(file.length).isBetween(64 * 1024 + 1, 5 * 1024 * 1024 - 1);
            assertThat(bucket.stat(completed.objectKey()).userMetadata()).containsEntry("rows", "5000")
                    .containsEntry("sha256", completed.sha256());
            String prefix = "exports/" + small.jobId() + "/";
            assertThat(bucket.keys(prefix)).containsExactly(completed.objectKey());
            assertThat(bucket.incompleteUploads(prefix)).as("no multipart upload was left").isEmpty();

            kafka.publish(large);
            await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(Claims.column(large.jobId(), "state"))
                    || Integer.parseInt(Objects.requireNonNullElse(Claims.column(large.jobId(), "attempts"), "0")) > 1);
            assertThat(kafka.events(ExportCompleted.class, large.jobId())).as("a multipart upload could not be recorded")
                    .isEmpty();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> List.of("SUCCEEDED", "FAILED")
                .contains(Claims.column(large.jobId(), "state")));
    }

    @Test
    void aFileOfSeveralPartsCarriesItsRowsAndChecksumAsMetadata() throws Exception {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "200000", "width", "50"));

        kafka.publish(request);

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        byte[] file = bucket.read(completed.objectKey());
        assertThat(file.length).as("larger than two 5 MiB parts").isGreaterThan(2 * 5 * 1024 * 1024);
        assertThat(completed.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
        var stat = bucket.stat(completed.objectKey());
        assertThat(stat.userMetadata()).containsEntry("job-id", request.jobId().toString()).containsEntry("generation", "1")
                .containsEntry("dataset", "numbers").containsEntry("rows", "200000")
                .containsEntry("sha256", completed.sha256());
        assertThat(stat.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(stat.headers().get("Content-Disposition")).isEqualTo("attachment; filename=\"" + completed.fileName() + "\"");
        assertThat(bucket.incompleteUploads("exports/" + request.jobId() + "/")).isEmpty();
    }

    @Test
    void theJobsEventsContinueTheTraceOfTheRequest() {
        // about 2.4 s: long enough for progress reports
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "50", "pause_every", "25",
                "pause_ms", "1200"));
        String traceId = "5b8efff798038103d269b633813fc60c";

        kafka.publish(request, "00-" + traceId + "-eee19b7ec3c1b174-00");

        kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        List<String> traceIds = kafka.records(Topics.EXPORT_COMPLETED, request.jobId()).stream()
                .map(record -> TraceParent.traceId(TestKafka.header(record, TraceParent.HEADER)))
                .toList();
        assertThat(traceIds).containsExactly(traceId);
        assertThat(kafka.records(Topics.EXPORT_PROGRESS, request.jobId()).stream()
                .map(record -> TraceParent.traceId(TestKafka.header(record, TraceParent.HEADER))))
                .isNotEmpty().containsOnly(traceId);
    }

    @Test
    void parametersAreBoundAndOptionsShapeTheFile() throws Exception {
        ExportRequested request = Requests.of("orders", TENANT, Map.of("status", "PAID", "from_date", "2024-06-01",
                "min_total", "10.5"), new CsvOptions(";", true, true, true, "Europe/Berlin", "-"));

        kafka.publish(request);

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.fileName()).isEqualTo("orders-2026-03-15.csv.gz");
        assertThat(completed.contentType()).isEqualTo("application/gzip");
        assertThat(bucket.stat(completed.objectKey()).contentType()).isEqualTo("application/gzip");
        byte[] stored = bucket.read(completed.objectKey());
        assertThat(completed.bytes()).isEqualTo(stored.length);
        byte[] csv;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            csv = in.readAllBytes();
        }
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<List<String>> rows = Csv.parse(Arrays.copyOfRange(csv, 3, csv.length), ';');
        List<List<String>> utc = ShopRows.orders(TENANT, ZoneOffset.UTC);
        List<List<String>> berlin = ShopRows.orders(TENANT, ZoneId.of("Europe/Berlin"));
        List<List<String>> expected = IntStream.range(0, utc.size())
                .filter(i -> utc.get(i).get(2).equals("PAID") && utc.get(i).get(1).compareTo("2024-06-01") >= 0
                        && new BigDecimal(utc.get(i).get(7)).compareTo(new BigDecimal("10.5")) >= 0)
                .mapToObj(i -> berlin.get(i).stream().map(cell -> cell.isEmpty() ? "-" : cell).toList())
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(rows).hasSize(expected.size() + 1);
        assertThat(rows.subList(1, rows.size())).isEqualTo(expected);
        assertThat(completed.rows()).isEqualTo(expected.size());
    }

    @Test
    void sqlTypesNullsFormulasAndColumnOptionsComeOutAsSpecified() {
        ExportRequested request = Requests.of("tricky", TENANT, Map.of(),
                new CsvOptions(null, null, null, null, "Europe/Berlin", "NULL"));

        kafka.publish(request);

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.rows()).isEqualTo(4);
        assertThat(new String(bucket.read(completed.objectKey()), StandardCharsets.UTF_8)).isEqualTo(
                "id,label,Amount,note,happened_at,flag,Code,day,local_time,bytes\r\n"
                + "1,plain,-12.50,NULL,2024-03-01T10:15:00+01:00,true,-5,2024-02-29,2024-03-01T09:15:00,\\xcafe\r\n"
                + "2,\"comma, and \"\"quotes\"\"\",0.00,\"line one\nline two\",2024-07-02T00:30:00.5+02:00,false,+7,"
                + "NULL,NULL,NULL\r\n"
                + "3,'=SUM(A1:A2),1234567.89,'@cmd,NULL,NULL,'=1+1,2024-12-31,NULL,NULL\r\n"
                + "4,Grüße – 東京 📦,-0.01,'\ttabbed,2025-01-01T00:59:59+01:00,true,\"3,5\",2024-01-01,NULL,NULL\r\n");
    }

    @Test
    void aFixedOffsetZoneIsAppliedToo() {
        ExportRequested request = Requests.of("tricky", TENANT, Map.of(),
                new CsvOptions(null, false, null, null, "+05:30", null));

        kafka.publish(request);

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        List<List<String>> rows = Csv.parse(bucket.read(completed.objectKey()));
        assertThat(rows).extracting(row -> row.get(4))
                .containsExactly("2024-03-01T14:45:00+05:30", "2024-07-02T04:00:00.5+05:30", "", "2025-01-01T05:29:59+05:30");
    }
}
