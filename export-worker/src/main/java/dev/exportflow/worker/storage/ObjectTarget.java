package dev.exportflow.worker.storage;

import java.util.Map;

/**
 * Where a file goes and what it says about itself.
 *
 * @param metadata user metadata ({@code x-amz-meta-*} without the prefix)
 */
public record ObjectTarget(String key, String fileName, String contentType, Map<String, String> metadata) {

    /** Browsers save a presigned download under this name. */
    public String contentDisposition() {
        return "attachment; filename=\"" + fileName.replace("\"", "") + "\"";
    }
}
