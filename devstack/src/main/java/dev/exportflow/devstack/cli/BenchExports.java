package dev.exportflow.devstack.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.services.LocalSystem;

/** One timed export of the benchmarks: POST of the {@code orders} dataset of a tenant of known size, until SUCCEEDED. */
final class BenchExports {

    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(30);

    /** @param bytes the size of the finished file */
    record Finished(double seconds, long bytes) {
    }

    private BenchExports() {
    }

    /** Exports every order of the tenant that has {@code size} of them, in {@code format}, following its progress. */
    static Finished run(LocalSystem system, Console console, long size, String format) {
        String token = system.stack().tokens().builder("bench").tenant(BenchCommand.tenant(size)).email("bench@example.com")
                .sign();
        ApiClient client = new ApiClient(system.apiBaseUrl());
        Instant started = Instant.now();
        String id = client.submit(token, "{\"dataset\":\"orders\",\"format\":\"" + format + "\"}").id();
        JsonNode job = client.follow(token, id, EXPORT_TIMEOUT, update -> console.progress(
                String.format(Locale.ROOT, "   %s %s %,d of %,d rows", format, update.path("status").asText(),
                        update.path("progress").path("rows").asLong(), size)));
        double seconds = Duration.between(started, Instant.now()).toNanos() / 1e9;
        if (!"SUCCEEDED".equals(job.path("status").asText())) {
            throw new DevStackException(format + " export of " + size + " rows ended " + job.path("status").asText() + ": "
                    + job.path("error"));
        }
        return new Finished(seconds, job.path("file").path("size").asLong());
    }
}
