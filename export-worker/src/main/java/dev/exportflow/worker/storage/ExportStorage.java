package dev.exportflow.worker.storage;

import java.io.ByteArrayInputStream;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;

import dev.exportflow.events.storage.StorageConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
import io.smallrye.faulttolerance.api.TypedGuard;

/**
 * The bucket of export files, spoken to through the MinIO client's asynchronous S3 calls. Every request is
 * tried again with exponential backoff while the store answers with transient failures (SmallRye Fault Tolerance's
 * {@link TypedGuard}: a retry annotation cannot guard the {@code CompletableFuture}s of another library's calls).
 */
@ApplicationScoped
public class ExportStorage {

    private final MinioAsyncClient client;
    private final StorageConfig config;
    private final TypedGuard<CompletionStage<Object>> retries;
    /** The part buffers this replica's exports borrow beyond their own one (storage.spare-part-buffers). */
    private final Semaphore sparePartBuffers;

    public ExportStorage(StorageConfig config, MeterRegistry registry) {
        // Built here from exportflow.storage.*, the keys every service shares, rather than the extension's bean.
        this.client = MinioAsyncClient.builder().endpoint(config.url()).credentials(config.accessKey(), config.secretKey())
                .region(config.region()).build();
        this.config = config;
        this.retries = retryGuard(registry);
        this.sparePartBuffers = new Semaphore(config.sparePartBuffers());
        Gauge.builder("exportflow.storage.spare.part.buffers.free", sparePartBuffers, Semaphore::availablePermits)
                .description("Spare part buffers no export of this replica holds; at 0 large exports upload one part at a time")
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
        return new MultipartUploadStream(this, target, config.partSize(), config.partsInFlight(), sparePartBuffers,
                uploadStarted);
    }

    /** The replica's spare part buffers, as permits: how many no export holds now, and a way to hold them (tests). */
    Semaphore sparePartBuffers() {
        return sparePartBuffers;
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

    /** The call, tried again by {@link #retries} while it fails transiently; its failure is a {@link StorageException}. */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> retrying(String what, Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        retries.get(() -> attempt(what, call)).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete((T) value);
            } else {
                result.completeExceptionally(StorageException.of(what, failure));
            }
        });
        return result;
    }

    /** One try of the call; fails with the {@link StorageException} that says whether trying again may help. */
    private static <T> CompletionStage<Object> attempt(String what, Call<T> call) {
        CompletableFuture<Object> tried = new CompletableFuture<>();
        CompletableFuture<T> started;
        try {
            started = call.start();
        } catch (Exception e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((value, failure) -> {
            if (failure == null) {
                tried.complete(value);
            } else {
                tried.completeExceptionally(StorageException.of(what, failure));
            }
        });
        return tried;
    }

    /**
     * Tries a request {@code request-attempts} times in all while it fails transiently (connection errors, timeouts,
     * 5xx, {@code SlowDown}), waiting {@code request-backoff} before the first retry and twice as long before each next.
     * The waits are timers: no thread blocks while a request waits for its next try.
     */
    private TypedGuard<CompletionStage<Object>> retryGuard(MeterRegistry registry) {
        Counter retried = Counter.builder("exportflow.storage.retries")
                .description("S3 requests tried again after a transient failure")
                .register(registry);
        return TypedGuard.create(new TypeLiteral<CompletionStage<Object>>() { })
                .withRetry()
                .maxRetries(config.requestAttempts() - 1)
                .delay(config.requestBackoff().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(0, ChronoUnit.MILLIS) // no limit on the total: the tries and their waits are bounded
                .whenException(failure -> StorageException.unwrap(failure) instanceof StorageException storage
                        && storage.transientFailure())
                .beforeRetry(failure -> {
                    retried.increment();
                    Log.infof("%s; trying again (at most %d tries)", StorageException.unwrap(failure).getMessage(),
                            config.requestAttempts());
                })
                .withExponentialBackoff().factor(2).maxDelay(0, ChronoUnit.MILLIS).done()
                .done()
                .build();
    }
}
