package dev.exportflow.api.security;

import java.util.Set;

import dev.exportflow.events.Requester;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The verified caller, taken from the bearer token and nothing else: {@code sub} the user, {@code email},
 * {@code groups} the roles, {@code tenant}, optional {@code locale} and {@code zoneinfo}.
 */
public record Caller(String userId, String email, String tenant, String locale, String timeZone, Set<String> roles) {

    public static Caller of(JsonWebToken token) {
        return new Caller(
                token.getSubject(),
                token.getClaim("email"),
                token.getClaim("tenant"),
                token.getClaim("locale"),
                token.getClaim("zoneinfo"),
                Set.copyOf(token.getGroups()));
    }

    public Requester requester() {
        return new Requester(userId, email, locale, tenant, timeZone);
    }
}
