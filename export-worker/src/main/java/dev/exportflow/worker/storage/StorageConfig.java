package dev.exportflow.worker.storage;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where and how export files are stored. */
@ConfigMapping(prefix = "exportflow.storage")
public interface StorageConfig {

    /** The S3 endpoint, scheme included, e.g. {@code http://minio:9000}. */
    String url();

    String accessKey();

    String secretKey();

    /** Region used for signing; S3-compatible local stores accept any. */
    Optional<String> region();

    /** The bucket that holds every export file. */
    @WithDefault("exports")
    String bucket();

    /** The store's address as browsers see it; export-api signs download links with it, the worker does not need it. */
    Optional<String> publicUrl();

    /** Size of one multipart-upload part (S3 requires at least 5 MiB for every part but the last). */
    @WithDefault("8388608")
    int partSize();

    /** Parts uploading at the same time per export; one more is being filled meanwhile. */
    @WithDefault("2")
    int partsInFlight();

    /** Tries of one S3 request before the export attempt fails (and is retried as a whole). */
    @WithDefault("4")
    int requestAttempts();

    /** First wait between tries of one S3 request; doubles each try. */
    @WithDefault("PT0.5S")
    Duration requestBackoff();

    @WithDefault("PT5S")
    Duration connectTimeout();

    @WithDefault("PT60S")
    Duration readWriteTimeout();
}
