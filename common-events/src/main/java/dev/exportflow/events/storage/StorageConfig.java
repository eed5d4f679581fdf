package dev.exportflow.events.storage;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The object store of export files ({@code exportflow.storage.*}), read by export-api (downloads, retention) and
 * export-worker (uploads). Every service builds its MinIO clients from these keys.
 */
@ConfigMapping(prefix = "exportflow.storage")
public interface StorageConfig {

    /** The S3 endpoint the services talk to, scheme included, e.g. {@code http://minio:9000}. */
    String url();

    String accessKey();

    String secretKey();

    /** The bucket that holds every export file. */
    @WithDefault("exports")
    String bucket();

    /** Region used for signing; S3-compatible local stores accept the default. */
    @WithDefault("us-east-1")
    String region();

    /**
     * export-api: the address browsers use to reach the store; presigned URLs are signed for this host (a presigned
     * URL only works on the host it was signed for). Default: {@link #url()}.
     */
    Optional<String> publicUrl();

    /** export-api: lifetime of a presigned download URL; at most a minute. */
    @WithDefault("PT60S")
    Duration presignTtl();

    /** export-worker: size of one multipart-upload part (S3 requires at least 5 MiB for every part but the last). */
    @WithDefault("8388608")
    int partSize();

    /** export-worker: parts uploading at the same time per export; one more is being filled meanwhile. */
    @WithDefault("2")
    int partsInFlight();

    /**
     * export-worker: part buffers the running exports of a replica share beyond the one each export has. An export
     * borrows up to {@link #partsInFlight()} of them, so that its next part fills while earlier ones upload; when none
     * is free it waits for its own part's upload instead. A replica's part buffers thus take at most
     * (concurrency + spare-part-buffers) x part-size, however many exports are large at once.
     */
    @WithDefault("4")
    int sparePartBuffers();

    /** export-worker: tries of one S3 request before the export attempt fails (and is retried as a whole). */
    @WithDefault("4")
    int requestAttempts();

    /** export-worker: first wait between tries of one S3 request; doubles each try. */
    @WithDefault("PT0.5S")
    Duration requestBackoff();

    @WithDefault("PT5S")
    Duration connectTimeout();

    @WithDefault("PT60S")
    Duration readWriteTimeout();
}
