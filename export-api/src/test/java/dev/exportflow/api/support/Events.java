package dev.exportflow.api.support;

import java.time.Instant;
import java.util.UUID;

import dev.exportflow.events.ExportCancelled;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.Requester;

/** Events as export-worker and the notifier write them. */
public final class Events {

    private Events() {
    }

    public static ExportProgress progress(UUID job, int generation, long rows, long bytes, Long estimate) {
        return new ExportProgress(job, generation, Instant.now(), rows, bytes, estimate);
    }

    public static ExportCompleted completed(UUID job, int generation, String user, String objectKey, long rows, long bytes) {
        return completed(job, generation, user, "orders", objectKey, rows, bytes);
    }

    /** The completion of a job of another dataset than orders: the api refuses one that names a dataset not the job's. */
    public static ExportCompleted completed(UUID job, int generation, String user, String dataset, String objectKey, long rows,
            long bytes) {
        String fileName = objectKey.substring(objectKey.lastIndexOf('/') + 1);
        return new ExportCompleted(job, generation, Instant.now(), requester(user), dataset, dataset, "exports", objectKey,
                fileName, "text/csv; charset=utf-8", rows, bytes, "ab12", null);
    }

    public static ExportFailed failed(UUID job, int generation, String user) {
        return new ExportFailed(job, generation, Instant.now(), requester(user), "orders", "Orders", "QUERY_FAILED",
                "The source database did not answer.", 3, true);
    }

    public static ExportCancelled cancelled(UUID job, int generation) {
        return new ExportCancelled(job, generation, Instant.now());
    }

    public static ExportNotified notified(UUID job, int generation, String user) {
        return new ExportNotified(job, generation, Instant.now(), "email", "completed", user + "@example.com",
                ExportNotified.Outcome.SENT, null);
    }

    public static String objectKey(UUID job, int generation) {
        return "exports/" + job + "/" + generation + "/orders-2026-01-31.csv";
    }

    private static Requester requester(String user) {
        return new Requester(user, user + "@example.com", null, "acme", null);
    }
}
