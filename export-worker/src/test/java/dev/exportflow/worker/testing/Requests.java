package dev.exportflow.worker.testing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Requester;

/** Export requests as export-api would publish them. */
public final class Requests {

    public static final Instant REQUESTED_AT = Instant.parse("2026-03-14T23:30:00Z");

    private Requests() {
    }

    /** A request of {@code dataset} by a user of {@code tenant} in Berlin (so the file is dated 2026-03-15). */
    public static ExportRequested of(String dataset, String tenant, Map<String, String> parameters, CsvOptions csv) {
        return new ExportRequested(UUID.randomUUID(), 1, Instant.now(),
                new Requester("user-" + tenant, "ada@example.com", "en", tenant, "Europe/Berlin"),
                dataset, parameters, "csv", csv, REQUESTED_AT);
    }

    /** A one-row request of {@code userId} of {@code tenant}: for tests of whose job runs first, not of the file. */
    public static ExportRequested byUser(String tenant, String userId) {
        return new ExportRequested(UUID.randomUUID(), 1, Instant.now(),
                new Requester(userId, "ada@example.com", "en", tenant, "Europe/Berlin"),
                "numbers", Map.of("rows", "1"), "csv", CsvOptions.defaults(), REQUESTED_AT);
    }

    public static ExportRequested of(String dataset, String tenant, Map<String, String> parameters) {
        return of(dataset, tenant, parameters, CsvOptions.defaults());
    }
}
