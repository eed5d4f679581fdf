package dev.exportflow.events.storage;

import java.util.UUID;

/**
 * Where export files live in the bucket: {@code exports/{jobId}/{generation}/{fileName}}. Deterministic, so that every
 * attempt of one job generation writes the same key and a retried or replayed job can never leave a second file.
 */
public final class ObjectKeys {

    /** Every export file lives below this prefix; nothing else does. */
    public static final String PREFIX = "exports/";

    private ObjectKeys() {
    }

    public static String of(UUID jobId, int generation, String fileName) {
        return generationPrefix(jobId, generation) + fileName;
    }

    /** The folder of every generation of one job. */
    public static String jobPrefix(UUID jobId) {
        return PREFIX + jobId + "/";
    }

    /**
     * Whether {@code key} is a file of that job generation: directly in its folder, and nothing that could climb out
     * of it. Keys named by a Kafka record are checked with this before anyone acts on them.
     */
    public static boolean belongsTo(String key, UUID jobId, int generation) {
        String folder = generationPrefix(jobId, generation);
        if (key == null || !key.startsWith(folder) || key.length() == folder.length()) {
            return false;
        }
        String fileName = key.substring(folder.length());
        return fileName.indexOf('/') < 0 && fileName.indexOf('\\') < 0 && !fileName.equals(".") && !fileName.equals("..")
                && fileName.chars().noneMatch(Character::isISOControl);
    }

    /** The folder of one generation of one job. */
    public static String generationPrefix(UUID jobId, int generation) {
        return jobPrefix(jobId) + generation + "/";
    }
}
