package dev.exportflow.api.security;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.HttpHeaders;

import dev.exportflow.api.problem.Problem;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.Requester;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The verified caller, taken from the bearer token and nothing else: {@code sub} the user, {@code email},
 * {@code groups} the roles, {@code tenant}, optional {@code locale} and {@code zoneinfo}, and when the token expires.
 *
 * @param tokenExpiresAt the token's {@code exp}; null only for callers made in code
 */
public record Caller(String userId, String email, String tenant, String locale, String timeZone, Set<String> roles,
        Instant tokenExpiresAt) {

    /** Longest {@code sub} and {@code tenant}: identifiers, not text. */
    public static final int MAX_ID = 255;
    /** Longest address SMTP can deliver to (RFC 5321). */
    public static final int MAX_EMAIL = 254;
    /** Longer {@code locale} or {@code zoneinfo} values are ignored as if absent. */
    public static final int MAX_HINT = 64;
    /** More roles than this, or a longer role, and the token is refused. */
    public static final int MAX_ROLES = 200;

    public Caller(String userId, String email, String tenant, String locale, String timeZone, Set<String> roles) {
        this(userId, email, tenant, locale, timeZone, roles, null);
    }

    /**
     * @throws ProblemException 401 naming the claim when {@code sub}, {@code email} or {@code tenant} is missing, is not
     *         a string or is too long, or when {@code groups} is too large
     */
    public static Caller of(JsonWebToken token) {
        Set<String> roles = Set.copyOf(token.getGroups());
        if (roles.size() > MAX_ROLES || roles.stream().anyMatch(role -> role.length() > MAX_ID)) {
            throw refused("groups", "has more than " + MAX_ROLES + " roles or a role longer than " + MAX_ID + " characters");
        }
        return new Caller(
                required(token, "sub", MAX_ID),
                required(token, "email", MAX_EMAIL),
                required(token, "tenant", MAX_ID),
                optional(token, "locale"),
                optional(token, "zoneinfo"),
                roles,
                token.getExpirationTime() > 0 ? Instant.ofEpochSecond(token.getExpirationTime()) : null);
    }

    public Requester requester() {
        return new Requester(userId, email, locale, tenant, timeZone);
    }

    private static String required(JsonWebToken token, String claim, int maxLength) {
        // Read once: a claim the MP JWT spec does not name (tenant) costs an exception inside each lookup.
        Object claimed = token.getClaim(claim);
        Object raw = claimed == JsonValue.NULL ? null : claimed;
        String value = text(raw);
        if (value == null && raw != null) {
            throw refused(claim, "is not a string");
        }
        if (value == null || value.isBlank()) {
            throw refused(claim, "is missing; the token must name the " + switch (claim) {
                case "sub" -> "user";
                case "email" -> "user's email address";
                default -> "user's tenant";
            });
        }
        if (value.length() > maxLength) {
            throw refused(claim, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    /** A hint that changes defaults only: a value that is not a short string is ignored. */
    private static String optional(JsonWebToken token, String claim) {
        String value = text(token.getClaim(claim));
        return value == null || value.isBlank() || value.length() > MAX_HINT ? null : value;
    }

    /** String claims arrive as String, or as JSON values for claims the MP JWT spec does not name. */
    private static String text(Object claim) {
        if (claim instanceof String value) {
            return value;
        }
        if (claim instanceof JsonString value) {
            return value.getString();
        }
        return null;
    }

    private static ProblemException refused(String claim, String reason) {
        String detail = "The bearer token's claim '" + claim + "' " + reason + ".";
        Problem problem = new Problem(Problem.TYPE_BASE + "token-claim", "Unauthorized", 401, detail, null, null,
                Map.of("claim", claim));
        return new ProblemException(problem, Map.of(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"invalid_token\", error_description=\"claim " + claim + " missing or invalid\""));
    }
}
