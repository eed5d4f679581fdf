package dev.exportflow.api.download;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.exportflow.events.link.DownloadLinkTokens;

/** Link tokens are verified with the current key and, during a rotation, the previous one. */
@ApplicationScoped
public class LinkTokensProducer {

    @Produces
    @Singleton
    DownloadLinkTokens tokens(LinksConfig config) {
        return new DownloadLinkTokens(config.signingKey(), config.previousSigningKey().orElse(null), Clock.systemUTC());
    }
}
