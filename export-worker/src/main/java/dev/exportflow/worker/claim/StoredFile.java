package dev.exportflow.worker.claim;

/** A finished export file as it lies in the bucket. */
public record StoredFile(String objectKey, String fileName, String contentType, long rows, long bytes, String sha256) {
}
