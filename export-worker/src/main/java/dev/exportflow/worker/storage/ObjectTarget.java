package dev.exportflow.worker.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a file goes and what it says about itself.
 *
 * @param metadata user metadata ({@code x-amz-meta-*} without the prefix)
 */
public record ObjectTarget(String key, String fileName, String contentType, Map<String, String> metadata) {

    /** The same target with more metadata, e.g. the facts known once the file is written. */
    public ObjectTarget withMetadata(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.putAll(more);
        return new ObjectTarget(key, fileName, contentType, merged);
    }

    /** Browsers save a presigned download under this name. */
    public String contentDisposition() {
        return "attachment; filename=\"" + fileName.replace("\"", "") + "\"";
    }
}
