package dev.exportflow.api.storage;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where export files live. */
@ConfigMapping(prefix = "exportflow.storage")
public interface StorageConfig {

    /** The S3 endpoint the service talks to, scheme included, e.g. {@code http://minio:9000}. */
    String url();

    String accessKey();

    String secretKey();

    String bucket();

    /**
     * The address browsers use to reach the object store; presigned URLs are signed for this host
     * (a presigned URL only works on the host it was signed for). Default: {@link #url()}.
     */
    Optional<String> publicUrl();

    /** Lifetime of a presigned download URL; at most a minute. */
    @WithDefault("PT60S")
    Duration presignTtl();

    /** Region used for signing; S3-compatible local stores accept the default. */
    @WithDefault("us-east-1")
    String region();
}
