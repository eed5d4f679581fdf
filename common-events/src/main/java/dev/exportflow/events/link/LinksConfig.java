package dev.exportflow.events.link;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The emailed download links ({@code exportflow.links.*}): the notifier signs them, export-api answers them at
 * {@value #PATH}{@code /{token}}. The signing key is a secret both share.
 */
@ConfigMapping(prefix = "exportflow.links")
public interface LinksConfig {

    /** Where export-api serves emailed links. */
    String PATH = "/d";

    /** HMAC key that signs and verifies link tokens (at least 32 bytes). */
    String signingKey();

    /** The key before the last rotation: still accepted by export-api, never used to sign. */
    Optional<String> previousSigningKey();

    /** Where export-api answers for people, e.g. {@code https://exports.example.com}. */
    String baseUrl();

    /** How long an emailed link works, counted from the moment the email is sent. */
    @WithDefault("PT24H")
    Duration ttl();

    /** Signs with the current key and verifies with the current and the previous one. */
    default DownloadLinkTokens tokens(Clock clock) {
        return new DownloadLinkTokens(signingKey(), previousSigningKey().orElse(null), clock);
    }

    /** The address of an emailed link: {@code {base-url}/d/{token}}. */
    default String downloadUrl(String token) {
        return baseUrl().replaceAll("/+$", "") + PATH + "/" + token;
    }

    /** The web UI, where the user sees every export and can start one again. */
    default String appUrl() {
        return baseUrl().replaceAll("/+$", "") + "/";
    }
}
