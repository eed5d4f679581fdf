package dev.exportflow.api.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.storage.StorageConfig;

import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListMultipartUploadsResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.minio.messages.Upload;
import io.quarkus.logging.Log;

/** The object store, through the MinIO client: presigned downloads, deletes, and clearing abandoned uploads. */
@ApplicationScoped
public class ObjectStorage {

    private final MinioClient client;
    private final MinioClient publicSigner;
    private final MinioAsyncClient uploads;
    private final StorageConfig config;

    /**
     * The clients are built here from {@code exportflow.storage.*}: the extension's own bean would want
     * {@code quarkus.minio.host}, {@code port} and {@code secure} apart, and one client of one kind only.
     */
    public ObjectStorage(StorageConfig config) {
        this.config = config;
        String url = config.url();
        String accessKey = config.accessKey();
        String secretKey = config.secretKey();
        this.client = MinioClient.builder().endpoint(url).credentials(accessKey, secretKey).region(config.region()).build();
        // Signing is local (the region is given), so this client never needs to reach the public host.
        this.publicSigner = MinioClient.builder().endpoint(config.publicUrl().orElse(url)).credentials(accessKey, secretKey)
                .region(config.region()).build();
        this.uploads = MinioAsyncClient.builder().endpoint(url).credentials(accessKey, secretKey)
                .region(config.region()).build();
    }

    public String bucket() {
        return config.bucket();
    }

    /**
     * A URL that downloads the object as an attachment named {@code fileName} for {@link StorageConfig#presignTtl()}
     * (at most 60 seconds).
     */
    public String presignedDownload(String bucket, String objectKey, String fileName) {
        long seconds = Math.max(1, Math.min(60, config.presignTtl().toSeconds()));
        try {
            return publicSigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(bucket)
                    .object(objectKey)
                    .expiry((int) seconds, TimeUnit.SECONDS)
                    .extraQueryParams(Map.of("response-content-disposition", ContentDisposition.attachment(fileName)))
                    .build());
        } catch (Exception e) {
            throw new StorageException("Cannot sign a download URL for " + objectKey, e);
        }
    }

    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
        } catch (Exception e) {
            throw new StorageException("Cannot reach the object store", e);
        }
    }

    /** An object of the export bucket. */
    public record StoredObject(String key, Instant lastModified) {
    }

    /**
     * Up to {@code max} objects of the export bucket under {@code prefix}, in key order, after the key
     * {@code startAfter} (null: from the first), for going through the bucket page by page.
     */
    public List<StoredObject> list(String prefix, String startAfter, int max) {
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket()).prefix(prefix)
                    .startAfter(startAfter).recursive(true).maxKeys(max).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    objects.add(new StoredObject(item.objectName(), item.lastModified().toInstant()));
                }
                if (objects.size() == max) {
                    break;
                }
            }
            return objects;
        } catch (Exception e) {
            throw new StorageException("Cannot list the objects under " + prefix, e);
        }
    }

    /** Deletes an object; deleting one that is already gone is fine. */
    public void delete(String bucket, String objectKey) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectKey).build());
        } catch (Exception e) {
            throw new StorageException("Cannot delete " + objectKey, e);
        }
    }

    /**
     * Aborts incomplete multipart uploads under {@code prefix} started before {@code now - age}: the leftovers of
     * workers that crashed mid-upload (the local store has no lifecycle rules to do it).
     *
     * @return the object keys whose uploads were aborted
     */
    public List<String> abortStaleUploads(String prefix, Duration age) {
        Instant cutoff = Instant.now().minus(age);
        List<String> aborted = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        try {
            while (true) {
                ListMultipartUploadsResponse page = uploads.listMultipartUploadsAsync(config.bucket(), null, null, null,
                        keyMarker, 1000, prefix, uploadIdMarker, null, null).get(30, TimeUnit.SECONDS);
                for (Upload upload : page.result().uploads()) {
                    ZonedDateTime initiated = upload.initiated();
                    if (initiated != null && initiated.toInstant().isBefore(cutoff)) {
                        uploads.abortMultipartUploadAsync(config.bucket(), null, upload.objectName(), upload.uploadId(),
                                null, null).get(30, TimeUnit.SECONDS);
                        Log.infof("aborted the stale upload of %s started %s", upload.objectName(), initiated);
                        aborted.add(upload.objectName());
                    }
                }
                if (!page.result().isTruncated()) {
                    return aborted;
                }
                keyMarker = page.result().nextKeyMarker();
                uploadIdMarker = page.result().nextUploadIdMarker();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while aborting stale uploads", e);
        } catch (Exception e) {
            throw new StorageException("Cannot list or abort incomplete uploads: " + e.getMessage(), e);
        }
    }
}
