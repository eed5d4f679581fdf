package dev.exportflow.devstack.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.Endpoints;

import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.Upload;

/**
 * The devstack's export bucket as a person with the S3 keys sees it: read, list and write objects, look for uploads
 * that were neither completed nor aborted, and leave behind what a crashed worker would.
 */
public final class TestBucket {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Endpoints endpoints;
    private final MinioClient client;
    private final MinioAsyncClient asyncClient;

    public TestBucket(DevStack stack) {
        this.endpoints = stack.endpoints();
        this.client = MinioClient.builder().endpoint(endpoints.s3Url())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
        this.asyncClient = MinioAsyncClient.builder().endpoint(endpoints.s3Url())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
    }

    public String name() {
        return endpoints.bucket();
    }

    public byte[] read(String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(name()).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + key, e);
        }
    }

    public StatObjectResponse stat(String key) {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(name()).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stat " + key, e);
        }
    }

    public boolean exists(String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(name()).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stat " + key, e);
        }
    }

    /** Stores a small text object, as a worker would have. */
    public void put(String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            client.putObject(PutObjectArgs.builder().bucket(name()).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("text/csv").build());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot store " + key, e);
        }
    }

    /** The complete objects under {@code prefix}. */
    public List<Item> objects(String prefix) {
        List<Item> items = new ArrayList<>();
        for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(name()).prefix(prefix).recursive(true)
                .build())) {
            try {
                items.add(item.get());
            } catch (Exception e) {
                throw new IllegalStateException("Cannot list " + prefix, e);
            }
        }
        return items;
    }

    /** The keys of complete objects under {@code prefix}. */
    public List<String> keys(String prefix) {
        return objects(prefix).stream().map(Item::objectName).toList();
    }

    /** Multipart uploads under {@code prefix} that were neither completed nor aborted. */
    public List<String> incompleteUploads(String prefix) {
        try {
            var uploads = asyncClient.listMultipartUploadsAsync(name(), null, null, null, null, 1000, prefix, null, null, null)
                    .get();
            return uploads.result().uploads().stream().map(Upload::objectName).toList();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the multipart uploads under " + prefix, e);
        }
    }

    /** Starts a multipart upload and sends one part, as a replica does before it crashes; returns the upload id. */
    public String startUpload(String key) {
        try {
            String uploadId = asyncClient.createMultipartUploadAsync(name(), null, key, null, null).get().result().uploadId();
            byte[] part = new byte[5 * 1024 * 1024];
            asyncClient.uploadPartAsync(name(), null, key, part, part.length, uploadId, 1, null, null).get();
            return uploadId;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start an upload of " + key, e);
        }
    }

    /**
     * Rewrites an object's user metadata to {@code metadata}, as it was when a worker stopped between completing a
     * multipart upload and writing the file's facts.
     */
    public void replaceMetadata(String key, Map<String, String> metadata) {
        try {
            StatObjectResponse stat = stat(key);
            client.copyObject(CopyObjectArgs.builder().bucket(name()).object(key)
                    .source(CopySource.builder().bucket(name()).object(key).build())
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", stat.contentType()))
                    .userMetadata(metadata).build());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot rewrite the metadata of " + key, e);
        }
    }

    /** GET of a (presigned) URL, as a browser does after the redirect. */
    public static HttpResponse<byte[]> fetch(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot fetch " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching " + url, e);
        }
    }
}
