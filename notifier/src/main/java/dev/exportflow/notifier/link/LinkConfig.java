package dev.exportflow.notifier.link;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The emailed download links, shared with export-api, which verifies them. */
@ConfigMapping(prefix = "exportflow.links")
public interface LinkConfig {

    /** HMAC key shared with export-api (a Secret in production). */
    String signingKey();

    /** Accepted by export-api during a key rotation; the notifier only ever signs with the current key. */
    Optional<String> previousSigningKey();

    /** Where export-api answers for people, e.g. {@code https://exports.example.com}. */
    String baseUrl();

    /** How long an emailed link works, counted from the moment the email is sent. */
    @WithDefault("PT24H")
    Duration ttl();
}
