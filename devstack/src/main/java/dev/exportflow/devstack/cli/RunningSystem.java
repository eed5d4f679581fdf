package dev.exportflow.devstack.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.exportflow.devstack.DevStackSettings;

/**
 * {@code system.json} in the dev stack's home: written by {@code ./exportflow up} so that
 * {@code ./exportflow demo} in another terminal finds the running system.
 */
final class RunningSystem {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningSystem() {
    }

    static Path file(DevStackSettings settings) {
        return settings.home().resolve("system.json");
    }

    static void record(DevStackSettings settings, String apiBaseUrl) {
        try {
            Files.writeString(file(settings), JSON.createObjectNode()
                    .put("ownerPid", ProcessHandle.current().pid())
                    .put("apiBaseUrl", apiBaseUrl)
                    .toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void forget(DevStackSettings settings) {
        try {
            Files.deleteIfExists(file(settings));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The api URL of a system that a live {@code ./exportflow up} runs, if any. */
    static Optional<String> apiBaseUrl(DevStackSettings settings) {
        try {
            if (!Files.exists(file(settings))) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(file(settings).toFile());
            boolean alive = ProcessHandle.of(node.path("ownerPid").asLong()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(node.path("apiBaseUrl").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
