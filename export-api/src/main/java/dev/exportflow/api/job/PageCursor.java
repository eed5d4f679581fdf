package dev.exportflow.api.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.dataset.Violation;

/**
 * Where a page of history ends: the last job's creation time and id, opaque to clients (base64 of
 * {@code createdAt|id}). The next page starts after it in the order {@code (created_at desc, id desc)}.
 */
public record PageCursor(Instant createdAt, UUID id) {

    public static PageCursor after(ExportJob last) {
        return new PageCursor(last.createdAt, last.id);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException 400 for text this API did not hand out */
    public static PageCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            return new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ProblemException.validation(List.of(new Violation("cursor", "is not a cursor returned by this API")));
        }
    }
}
