package dev.exportflow.notifier.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.link.DownloadLinkTokens;
import dev.exportflow.events.link.LinkClaims;
import dev.exportflow.events.link.LinksConfig;

class DownloadLinksTest {

    private static final String KEY = "a-signing-key-of-at-least-32-bytes-length";
    private static final Instant NOW = Instant.parse("2025-03-05T13:30:00.750Z");

    @Test
    void theLinkPointsAtTheApiAndItsTokenNamesJobGenerationAndExpiry() {
        DownloadLinks links = new DownloadLinks(config("https://exports.example.com/", Duration.ofHours(24)));
        UUID jobId = UUID.randomUUID();

        DownloadLink link = links.download(jobId, 3, NOW);

        assertThat(link.url()).startsWith("https://exports.example.com/d/").doesNotContain("//d/");
        assertThat(link.expiresAt()).isEqualTo(Instant.parse("2025-03-06T13:30:00Z"));
        DownloadLinkTokens api = new DownloadLinkTokens(KEY, null, Clock.fixed(NOW, ZoneOffset.UTC));
        LinkClaims claims = api.verify(link.url().substring("https://exports.example.com/d/".length()));
        assertThat(claims).isEqualTo(new LinkClaims(jobId, 3, link.expiresAt()));
    }

    @Test
    void theLifetimeIsConfigurable() {
        DownloadLinks links = new DownloadLinks(config("http://127.0.0.1:8080", Duration.ofHours(2)));

        assertThat(links.download(UUID.randomUUID(), 1, NOW).expiresAt()).isEqualTo(Instant.parse("2025-03-05T15:30:00Z"));
        assertThat(links.history()).isEqualTo("http://127.0.0.1:8080/");
    }

    @Test
    void anApiThatRotatedItsKeyStillAcceptsLinksSignedBeforeTheRotation() {
        DownloadLink link = new DownloadLinks(config("http://127.0.0.1:8080", Duration.ofHours(24)))
                .download(UUID.randomUUID(), 1, NOW);
        DownloadLinkTokens rotatedApi = new DownloadLinkTokens("the-next-signing-key-of-at-least-32-bytes", KEY,
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(rotatedApi.verify(link.url().substring(link.url().lastIndexOf('/') + 1)).generation()).isEqualTo(1);
    }

    private static LinksConfig config(String baseUrl, Duration ttl) {
        return new LinksConfig() {
            @Override
            public String signingKey() {
                return KEY;
            }

            @Override
            public Optional<String> previousSigningKey() {
                return Optional.empty();
            }

            @Override
            public String baseUrl() {
                return baseUrl;
            }

            @Override
            public Duration ttl() {
                return ttl;
            }
        };
    }
}
