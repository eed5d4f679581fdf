package dev.exportflow.notifier.link;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.exportflow.events.link.DownloadLinkTokens;
import dev.exportflow.events.link.LinksConfig;

import jakarta.enterprise.context.ApplicationScoped;

/** Makes the links that emails carry: the signed download link and the export history. */
@ApplicationScoped
public class DownloadLinks {

    private final LinksConfig config;
    private final DownloadLinkTokens tokens;

    public DownloadLinks(LinksConfig config) {
        this.config = config;
        this.tokens = config.tokens(Clock.systemUTC());
    }

    /** A link to one file generation that works for the configured lifetime from {@code now}. */
    public DownloadLink download(UUID jobId, int generation, Instant now) {
        Instant expiresAt = now.plus(config.ttl()).truncatedTo(ChronoUnit.SECONDS);
        return new DownloadLink(config.downloadUrl(tokens.sign(jobId, generation, expiresAt)), expiresAt);
    }

    /** The web UI, where the user sees every export and can start one again. */
    public String history() {
        return config.appUrl();
    }
}
