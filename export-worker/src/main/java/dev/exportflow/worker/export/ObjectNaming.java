package dev.exportflow.worker.export;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.csv.CsvFormat;
import dev.exportflow.worker.storage.ObjectTarget;

/**
 * The deterministic name of an export's file: {@code exports/{jobId}/{generation}/{dataset}-{yyyy-MM-dd}.csv[.gz]},
 * dated by the day of the request in the requester's zone. Every attempt of a job generation writes to the same
 * key, so a retried or replayed job can never leave a second file.
 */
public final class ObjectNaming {

    private ObjectNaming() {
    }

    public static ObjectTarget target(ExportRequested request, CsvFormat format) {
        String fileName = fileName(request, format);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("job-id", request.jobId().toString());
        metadata.put("generation", Integer.toString(request.generation()));
        metadata.put("dataset", request.dataset());
        return new ObjectTarget(key(request, fileName), fileName, format.contentType(), metadata);
    }

    public static String key(ExportRequested request, String fileName) {
        return "exports/" + request.jobId() + "/" + request.generation() + "/" + fileName;
    }

    public static String fileName(ExportRequested request, CsvFormat format) {
        Instant requested = request.requestedAt() != null ? request.requestedAt() : request.occurredAt();
        String dataset = request.dataset().replaceAll("[^A-Za-z0-9_.-]", "_");
        if (requested == null) {
            return dataset + "." + format.fileExtension();
        }
        LocalDate day = LocalDate.ofInstant(requested, zone(request, format));
        return dataset + "-" + day + "." + format.fileExtension();
    }

    private static ZoneId zone(ExportRequested request, CsvFormat format) {
        String zone = request.requester() == null ? null : request.requester().timeZone();
        if (zone != null) {
            try {
                return ZoneId.of(zone);
            } catch (DateTimeException e) {
                return format.zone();
            }
        }
        return format.zone();
    }
}
