package dev.exportflow.worker.storage;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;

import dev.exportflow.events.storage.StorageConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;
import io.quarkus.logging.Log;

/**
 * The bucket of export files, spoken to through the MinIO client's asynchronous S3 calls. Every request is
 * tried again with exponential backoff while the store answers with transient failures.
 */
@ApplicationScoped
public class ExportStorage {

    private final MinioAsyncClient client;
    private final StorageConfig config;
    private final Counter retries;

    public ExportStorage(StorageConfig config, MeterRegistry registry) {
        // Built here from exportflow.storage.*, the keys every service shares, rather than the extension's bean.
        this.client = MinioAsyncClient.builder().endpoint(config.url()).credentials(config.accessKey(), config.secretKey())
                .region(config.region()).build();
        this.config = config;
        this.retries = Counter.builder("exportflow.storage.retries")
                .description("S3 requests tried again after a transient failure")
                .register(registry);
        client.setTimeout(config.connectTimeout().toMillis(), config.readWriteTimeout().toMillis(),
                config.readWriteTimeout().toMillis());
    }

    public String bucket() {
        return config.bucket();
    }

    /**
     * Starts a file. Nothing is visible in the bucket until {@link MultipartUploadStream#complete()}.
     *
     * @param uploadStarted told the id of the multipart upload as soon as there is one, so that it can be aborted later
     */
    public MultipartUploadStream open(ObjectTarget target, Consumer<String> uploadStarted) {
        return new MultipartUploadStream(this, target, config.partSize(), config.partsInFlight(), uploadStarted);
    }

    /** The user metadata of the complete object under {@code key}, or empty when there is none. */
    public Optional<Map<String, String>> metadata(String key) throws StorageException {
        try {
            StatObjectResponse stat = retrying("stat " + key,
                    () -> client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build())).join();
            return Optional.of(Map.copyOf(stat.userMetadata()));
        } catch (CompletionException e) {
            Throwable cause = StorageException.unwrap(e);
            if (cause instanceof StorageException storage && storage.getCause() instanceof ErrorResponseException error
                    && error.response() != null && error.response().code() == 404) {
                return Optional.empty();
            }
            throw StorageException.of("stat " + key, e);
        }
    }

    /**
     * Gives a complete object the metadata of {@code target}. S3 takes metadata when an upload starts, before a
     * file's rows and checksum are known, so they are written by a server-side copy of the object onto itself
     * (a multipart copy above 5 GiB); the bytes never travel through the worker.
     */
    public void replaceMetadata(ObjectTarget target) throws StorageException {
        try {
            retrying("write the metadata of " + target.key(), () -> client.copyObject(CopyObjectArgs.builder()
                    .bucket(bucket())
                    .object(target.key())
                    .source(CopySource.builder().bucket(bucket()).object(target.key()).build())
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", target.contentType(), "Content-Disposition", target.contentDisposition()))
                    .userMetadata(target.metadata())
                    .build())).join();
        } catch (CompletionException e) {
            throw StorageException.of("write the metadata of " + target.key(), e);
        }
    }

    /** Whether the bucket answers; for the readiness check. */
    public boolean reachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Aborts an incomplete upload so that its parts do not linger. An upload that no longer exists counts as aborted.
     *
     * @return false when the store could not be reached; the caller keeps the id and tries again later
     */
    public boolean abortQuietly(String key, String uploadId) {
        try {
            retrying("abort upload of " + key, () -> client.abortMultipartUploadAsync(bucket(), null, key, uploadId, null, null))
                    .get(config.readWriteTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            Throwable cause = StorageException.unwrap(e);
            if (cause instanceof StorageException storage && storage.getCause() instanceof ErrorResponseException error
                    && error.errorResponse() != null && "NoSuchUpload".equals(error.errorResponse().code())) {
                return true;
            }
            Log.warnf("Could not abort the multipart upload %s of %s: %s", uploadId, key, cause.getMessage());
            return false;
        }
    }

    CompletableFuture<String> createUpload(ObjectTarget target) {
        ImmutableMultimap.Builder<String, String> headers = ImmutableMultimap.builder();
        headers.put("Content-Type", target.contentType());
        headers.put("Content-Disposition", target.contentDisposition());
        target.metadata().forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        Multimap<String, String> built = headers.build();
        return retrying("create upload of " + target.key(),
                () -> client.createMultipartUploadAsync(bucket(), null, target.key(), built, null))
                .thenApply(response -> response.result().uploadId());
    }

    CompletableFuture<Part> uploadPart(String key, String uploadId, int number, byte[] data, int length) {
        return retrying("upload part " + number + " of " + key,
                () -> client.uploadPartAsync(bucket(), null, key, data, length, uploadId, number, null, null))
                .thenApply(response -> new Part(number, response.etag()));
    }

    CompletableFuture<Void> completeUpload(String key, String uploadId, Part[] parts) {
        return retrying("complete upload of " + key,
                () -> client.completeMultipartUploadAsync(bucket(), null, key, uploadId, parts, null, null))
                .thenApply(response -> null);
    }

    /** A file smaller than one part goes up in one request. */
    CompletableFuture<Void> putWhole(ObjectTarget target, byte[] data, int length) {
        return retrying("put " + target.key(), () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket())
                .object(target.key())
                .stream(new ByteArrayInputStream(data, 0, length), length, -1)
                .contentType(target.contentType())
                .headers(Map.of("Content-Disposition", target.contentDisposition()))
                .userMetadata(target.metadata())
                .build()))
                .thenApply(response -> null);
    }

    @FunctionalInterface
    interface Call<T> {
        CompletableFuture<T> start() throws Exception;
    }

    private <T> CompletableFuture<T> retrying(String what, Call<T> call) {
        return attempt(what, call, 1);
    }

    private <T> CompletableFuture<T> attempt(String what, Call<T> call, int attempt) {
        CompletableFuture<T> started;
        try {
            started = call.start();
        } catch (Exception e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.handle((value, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(value);
            }
            StorageException error = StorageException.of(what, failure);
            if (!error.transientFailure() || attempt >= config.requestAttempts()) {
                return CompletableFuture.<T>failedFuture(error);
            }
            retries.increment();
            long delay = config.requestBackoff().toMillis() << (attempt - 1);
            Log.infof("%s; trying again in %d ms (try %d of %d)", error.getMessage(), delay, attempt + 1,
                    config.requestAttempts());
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
            return CompletableFuture.runAsync(() -> { }, later).thenCompose(ignored -> attempt(what, call, attempt + 1));
        }).thenCompose(next -> next);
    }
}
