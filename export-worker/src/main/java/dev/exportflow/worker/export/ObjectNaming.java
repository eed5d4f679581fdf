package dev.exportflow.worker.export;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.storage.ObjectKeys;
import dev.exportflow.worker.claim.StoredFile;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.storage.ObjectTarget;

/**
 * The deterministic name of an export's file: {@code exports/{jobId}/{generation}/{dataset}-{yyyy-MM-dd}.csv[.gz]},
 * dated by the day of the request in the requester's zone. Every attempt of a job generation writes to the same
 * key, so a retried or replayed job can never leave a second file. Its user metadata names the job, generation and
 * dataset, and, once written, the file's row count and SHA-256.
 */
public final class ObjectNaming {

    private static final String ROWS = "rows";
    private static final String SHA256 = "sha256";

    private ObjectNaming() {
    }

    public static ObjectTarget target(ExportRequested request, FileFormat format) {
        String fileName = fileName(request, format);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("job-id", request.jobId().toString());
        metadata.put("generation", Integer.toString(request.generation()));
        metadata.put("dataset", request.dataset());
        return new ObjectTarget(key(request, fileName), fileName, format.contentType(), metadata);
    }

    /** What a written file says about itself next to the request's metadata: its row count and SHA-256. */
    public static Map<String, String> facts(StoredFile file) {
        return Map.of(ROWS, Long.toString(file.rows()), SHA256, file.sha256());
    }

    /** Whether an object's metadata already carries the facts of {@code file}. */
    public static boolean carriesFacts(Map<String, String> metadata, StoredFile file) {
        return file.sha256().equals(metadata.get(SHA256)) && Long.toString(file.rows()).equals(metadata.get(ROWS));
    }

    public static String key(ExportRequested request, String fileName) {
        return ObjectKeys.of(request.jobId(), request.generation(), fileName);
    }

    public static String fileName(ExportRequested request, FileFormat format) {
        Instant requested = request.requestedAt() != null ? request.requestedAt() : request.occurredAt();
        String dataset = request.dataset().replaceAll("[^A-Za-z0-9_.-]", "_");
        if (requested == null) {
            return dataset + "." + format.fileExtension();
        }
        LocalDate day = LocalDate.ofInstant(requested, zone(request, format));
        return dataset + "-" + day + "." + format.fileExtension();
    }

    private static ZoneId zone(ExportRequested request, FileFormat format) {
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
