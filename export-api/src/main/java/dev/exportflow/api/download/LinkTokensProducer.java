package dev.exportflow.api.download;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.exportflow.events.link.DownloadLinkTokens;
import dev.exportflow.events.link.LinksConfig;

/** Link tokens are verified with the current key and, during a rotation, the previous one. */
@ApplicationScoped
public class LinkTokensProducer {

    @Produces
    @Singleton
    DownloadLinkTokens tokens(LinksConfig config) {
        return config.tokens(Clock.systemUTC());
    }
}
