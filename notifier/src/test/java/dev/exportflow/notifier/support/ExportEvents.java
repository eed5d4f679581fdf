package dev.exportflow.notifier.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;

/** Events as export-worker publishes them, each for a new job and a new recipient. */
public final class ExportEvents {

    private ExportEvents() {
    }

    /** A recipient no other test uses, so that its mailbox holds only this test's emails. */
    public static Requester requester(String locale, String timeZone) {
        String user = "user-" + UUID.randomUUID();
        return new Requester(user, user + "@example.com", locale, "acme", timeZone);
    }

    public static ExportCompleted completed(Requester requester, long rows, long bytes) {
        UUID jobId = UUID.randomUUID();
        String fileName = "orders-2025-03-05.csv";
        return new ExportCompleted(jobId, 1, Instant.now().truncatedTo(ChronoUnit.MILLIS), requester, "orders", "Orders",
                "exports", "exports/" + jobId + "/1/" + fileName, fileName, "text/csv", rows, bytes,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", null);
    }

    public static ExportCompleted completed(Requester requester) {
        return completed(requester, 1_234_567, 5_100_000);
    }

    /** The owner of a finished export asks for its email again, as export-api publishes it. */
    public static ExportResendRequested resend(ExportCompleted completed) {
        return new ExportResendRequested(completed.jobId(), completed.generation(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                UUID.randomUUID(), completed.requester(), completed.dataset(), completed.datasetTitle(), completed.fileName(),
                completed.contentType(), completed.rows(), completed.bytes(), completed.sha256());
    }

    /** The requester a completed, failed or resend event names. */
    public static Requester requesterOf(ExportEvent event) {
        if (event instanceof ExportCompleted completed) {
            return completed.requester();
        }
        if (event instanceof ExportResendRequested resend) {
            return resend.requester();
        }
        return ((ExportFailed) event).requester();
    }

    public static ExportFailed failed(Requester requester, String message, boolean retryable) {
        return new ExportFailed(UUID.randomUUID(), 1, Instant.now().truncatedTo(ChronoUnit.MILLIS), requester, "orders",
                "Orders", retryable ? "SOURCE_UNAVAILABLE" : "QUERY_FAILED", message, 3, retryable);
    }
}
