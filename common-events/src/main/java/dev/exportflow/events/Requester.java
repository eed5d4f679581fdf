package dev.exportflow.events;

/**
 * The verified caller who asked for an export, taken from the bearer token, never from a request body.
 *
 * @param userId the token's {@code sub}
 * @param email where the link is sent
 * @param locale BCP 47 language tag for emails, e.g. {@code en} or {@code de-DE}; may be null
 * @param tenant tenant the caller belongs to; bound into tenant-scoped datasets
 * @param timeZone IANA zone for dates shown to the user, e.g. {@code Europe/Berlin}; may be null
 */
public record Requester(String userId, String email, String locale, String tenant, String timeZone) {
}
