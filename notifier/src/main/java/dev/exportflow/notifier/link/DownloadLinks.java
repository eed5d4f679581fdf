package dev.exportflow.notifier.link;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.exportflow.events.link.DownloadLinkTokens;

import jakarta.enterprise.context.ApplicationScoped;

/** Makes the links that emails carry: the signed download link and the export history. */
@ApplicationScoped
public class DownloadLinks {

    private final LinkConfig config;
    private final DownloadLinkTokens tokens;
    private final String baseUrl;

    public DownloadLinks(LinkConfig config) {
        this.config = config;
        this.tokens = new DownloadLinkTokens(config.signingKey(), config.previousSigningKey().orElse(null), Clock.systemUTC());
        this.baseUrl = config.baseUrl().replaceAll("/+$", "");
    }

    /** A link to one file generation that works for the configured lifetime from {@code now}. */
    public DownloadLink download(UUID jobId, int generation, Instant now) {
        Instant expiresAt = now.plus(config.ttl()).truncatedTo(ChronoUnit.SECONDS);
        return new DownloadLink(baseUrl + "/d/" + tokens.sign(jobId, generation, expiresAt), expiresAt);
    }

    /** The web UI, where the user sees every export and can start one again. */
    public String history() {
        return baseUrl + "/";
    }
}
