package dev.exportflow.worker.testing;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import io.minio.messages.Upload;

/** Looks into the export bucket of the devstack, as a person with the S3 keys would. */
public final class Bucket {

    private Bucket() {
    }

    public static byte[] read(String key) {
        try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(name()).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + key, e);
        }
    }

    public static StatObjectResponse stat(String key) {
        try {
            return client().statObject(StatObjectArgs.builder().bucket(name()).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stat " + key, e);
        }
    }

    /**
     * Rewrites an object's user metadata to {@code metadata}, as it was when a worker stopped between completing a
     * multipart upload and writing the file's facts.
     */
    public static void replaceMetadata(String key, Map<String, String> metadata) {
        try {
            StatObjectResponse stat = stat(key);
            client().copyObject(CopyObjectArgs.builder().bucket(name()).object(key)
                    .source(CopySource.builder().bucket(name()).object(key).build())
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", stat.contentType()))
                    .userMetadata(metadata).build());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot rewrite the metadata of " + key, e);
        }
    }

    /** The keys of complete objects under {@code prefix}. */
    public static List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : client().listObjects(ListObjectsArgs.builder().bucket(name()).prefix(prefix).recursive(true)
                .build())) {
            try {
                keys.add(item.get().objectName());
            } catch (Exception e) {
                throw new IllegalStateException("Cannot list " + prefix, e);
            }
        }
        return keys;
    }

    /** Multipart uploads under {@code prefix} that were neither completed nor aborted. */
    public static List<String> incompleteUploads(String prefix) {
        try {
            var uploads = asyncClient().listMultipartUploadsAsync(name(), null, null, null, prefix, 1000, null, null, null, null)
                    .get();
            List<String> keys = new ArrayList<>();
            for (Upload upload : uploads.result().uploads()) {
                keys.add(upload.objectName());
            }
            return keys;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the multipart uploads under " + prefix, e);
        }
    }

    /** Starts a multipart upload and sends one part, as a replica does before it crashes; returns the upload id. */
    public static String startUpload(String key) {
        try {
            MinioAsyncClient client = asyncClient();
            String uploadId = client.createMultipartUploadAsync(name(), null, key, null, null).get().result().uploadId();
            byte[] part = new byte[5 * 1024 * 1024];
            client.uploadPartAsync(name(), null, key, part, part.length, uploadId, 1, null, null).get();
            return uploadId;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start an upload of " + key, e);
        }
    }

    private static String name() {
        return WorkerTestStack.stack().endpoints().bucket();
    }

    private static MinioClient client() {
        var endpoints = WorkerTestStack.stack().endpoints();
        return MinioClient.builder().endpoint(endpoints.s3Url()).credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey())
                .build();
    }

    private static MinioAsyncClient asyncClient() {
        var endpoints = WorkerTestStack.stack().endpoints();
        return MinioAsyncClient.builder().endpoint(endpoints.s3Url())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
    }
}
