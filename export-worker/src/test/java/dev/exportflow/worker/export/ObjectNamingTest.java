package dev.exportflow.worker.export;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.storage.ObjectTarget;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectNamingTest {

    private static final UUID JOB = UUID.fromString("5b0e8d1c-6f2a-4a43-9a51-2d7c1f0e9a11");

    @Test
    void theKeyIsDeterministicAndTheFileIsDatedInTheRequestersZone() {
        ExportRequested request = request("Asia/Tokyo", Instant.parse("2026-03-14T20:00:00Z"), 3);

        ObjectTarget target = ObjectNaming.target(request, FileFormat.of("csv", CsvOptions.defaults()));

        assertThat(target.fileName()).isEqualTo("orders-2026-03-15.csv");
        assertThat(target.key()).isEqualTo("exports/" + JOB + "/3/orders-2026-03-15.csv");
        assertThat(target.metadata()).containsEntry("job-id", JOB.toString()).containsEntry("generation", "3")
                .containsEntry("dataset", "orders");
        assertThat(target.contentDisposition()).isEqualTo("attachment; filename=\"orders-2026-03-15.csv\"");
        assertThat(ObjectNaming.target(request, FileFormat.of("csv", CsvOptions.defaults())).key()).isEqualTo(target.key());
    }

    @Test
    void withoutAZoneTheCsvTimeZoneDecidesAndGzipAddsItsExtension() {
        ExportRequested request = request(null, Instant.parse("2026-03-14T20:00:00Z"), 1);

        ObjectTarget target = ObjectNaming.target(request, FileFormat.of("csv", new CsvOptions(null, null, null, true,
                "America/New_York", null)));

        assertThat(target.fileName()).isEqualTo("orders-2026-03-14.csv.gz");
        assertThat(target.contentType()).isEqualTo("application/gzip");
    }

    private static ExportRequested request(String zone, Instant requestedAt, int generation) {
        return new ExportRequested(JOB, generation, Instant.now(), new Requester("u", "u@example.com", "en", "acme", zone),
                "orders", Map.of(), "csv", CsvOptions.defaults(), requestedAt);
    }
}
