package dev.exportflow.api.download;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Emailed download links ({@code GET /d/{token}}); the key is shared with the notifier. */
@ConfigMapping(prefix = "exportflow.links")
public interface LinksConfig {

    /** HMAC key that signs and verifies link tokens (at least 32 bytes). */
    String signingKey();

    /** The key before the last rotation, still accepted for verification. */
    Optional<String> previousSigningKey();

    /** Where the api answers for people, e.g. {@code https://exports.example.com}. */
    String baseUrl();

    /** Lifetime of a link the api signs itself (resend). */
    @WithDefault("PT24H")
    Duration ttl();
}
