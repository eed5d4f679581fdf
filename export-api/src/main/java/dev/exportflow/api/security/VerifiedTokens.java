package dev.exportflow.api.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer token checks of SmallRye JWT, each token verified once per replica for a few seconds: a client sends the
 * same token with every call (a page polling its exports, a script posting several), and the RSA signature was a
 * tenth of the api's CPU under load (docs/benchmark.md). Only a token that passed every check is remembered, under its
 * whole text, so a token that differs in any character is checked afresh; it is remembered for at most
 * {@code exportflow.security.verified-token-ttl}, never past its {@code exp} nor past the age
 * {@code mp.jwt.verify.token.age} allows. A key retired at the provider is trusted until the api fetches the key set
 * again anyway (docs/security.md), so the few seconds add little to that.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** Enough for every user active within a few seconds; a verified token with its claims is a few KiB. */
    static final int MAX_TOKENS = 5_000;

    private final DefaultJWTParser verifier;
    private final Duration ttl;
    private final Optional<Duration> maxAge;
    private final Cache<String, Verified> verified;

    private record Verified(JsonWebToken token, Instant until) {
    }

    /** @param ttl how long a verified token is remembered at most; 0 turns remembering off */
    VerifiedTokens(DefaultJWTParser verifier, MeterRegistry metrics,
            @ConfigProperty(name = "exportflow.security.verified-token-ttl", defaultValue = "10s") Duration ttl,
            @ConfigProperty(name = "mp.jwt.verify.token.age") Optional<Long> maxAgeSeconds) {
        this.verifier = verifier;
        this.ttl = ttl;
        this.maxAge = maxAgeSeconds.map(Duration::ofSeconds);
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfter(Expiry.creating((String token, Verified entry) -> Duration.between(Instant.now(), entry.until())))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics, verified, "verified-tokens");
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        Verified known = verified.getIfPresent(token);
        if (known != null && Instant.now().isBefore(known.until())) {
            return known.token();
        }
        JsonWebToken checked = verifier.parse(token);
        Instant until = rememberUntil(Instant.now(), ttl, checked.getExpirationTime(), checked.getIssuedAtTime(), maxAge);
        if (until.isAfter(Instant.now())) {
            verified.put(token, new Verified(checked, until));
        }
        return checked;
    }

    /**
     * How long a verified token may be answered from memory: {@code ttl}, but not past its {@code exp} (seconds; 0:
     * none) nor past {@code iat} plus the maximum age.
     */
    static Instant rememberUntil(Instant now, Duration ttl, long expiresAt, long issuedAt, Optional<Duration> maxAge) {
        Instant until = now.plus(ttl);
        if (expiresAt > 0) {
            until = min(until, Instant.ofEpochSecond(expiresAt));
        }
        if (maxAge.isPresent()) {
            until = min(until, Instant.ofEpochSecond(issuedAt).plus(maxAge.get()));
        }
        return until;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    // The other ways of JWTParser are not used for bearer tokens: each is the verifier's, unremembered.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
