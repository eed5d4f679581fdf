package dev.exportflow.notifier.link;

import java.time.Instant;

/** A signed {@code {base-url}/d/{token}} link and the moment it stops working. */
public record DownloadLink(String url, Instant expiresAt) {
}
