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

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The bearer-token verification of every request (smallrye-jwt's parser, which Quarkus calls for each one), remembering
 * for a short while the tokens it verified: a client sends the same token with many requests (a page's first calls
 * arrive together, the UI follows a job), and the RS256 signature and the claims' parsing were a tenth of the api's CPU
 * under load (docs/benchmark.md). Concurrent requests with one new token verify it once.
 *
 * <p>A token is served from here only while every time-bound check would still pass without the clock skew's grace:
 * until the earliest of its {@code exp}, its {@code iat} plus the maximum token age, and the time to live
 * ({@code exportflow.security.verified-token-ttl}); the one check that can change meanwhile is the key set, so a key
 * retired from a JWKS URL stays trusted up to that long after the set is fetched again (docs/security.md). A refused
 * token is never remembered: each try is verified again. Other uses of the parser pass straight through.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** Characters of cached tokens, each weighed three times: the key, the principal's copy, its parsed claims. */
    private static final long MAX_WEIGHT = 12_000_000;

    private final DefaultJWTParser verifier;
    private final Cache<String, Verified> verified;

    public VerifiedTokens(DefaultJWTParser verifier,
            @ConfigProperty(name = "exportflow.security.verified-token-ttl") Duration ttl,
            @ConfigProperty(name = "mp.jwt.verify.token.age") Optional<Long> maxAgeSeconds,
            MeterRegistry metrics) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder()
                .maximumWeight(MAX_WEIGHT)
                .weigher((String token, Verified entry) -> token.length() * 3)
                .expireAfter(Expiry.creating((String token, Verified entry) -> entry.lifetime(ttl, maxAgeSeconds)))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics, verified, "verified-tokens");
    }

    /** A verified token and when it was verified. */
    private record Verified(JsonWebToken token, Instant at) {

        /** How long the token may be served without verifying it again; zero (not kept) when it is about to expire. */
        Duration lifetime(Duration ttl, Optional<Long> maxAgeSeconds) {
            Instant until = at.plus(ttl);
            until = earliest(until, Instant.ofEpochSecond(token.getExpirationTime()));
            if (maxAgeSeconds.isPresent()) {
                until = earliest(until, Instant.ofEpochSecond(token.getIssuedAtTime() + maxAgeSeconds.get()));
            }
            return until.isAfter(at) ? Duration.between(at, until) : Duration.ZERO;
        }

        private static Instant earliest(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }
    }

    /** Thrown through the cache's loader, which takes no checked exception, and unwrapped. */
    private static final class Refused extends RuntimeException {
        Refused(ParseException cause) {
            super(cause);
        }
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        try {
            return verified.get(token, this::verify).token();
        } catch (Refused refused) {
            throw (ParseException) refused.getCause();
        }
    }

    private Verified verify(String token) {
        try {
            return new Verified(verifier.parse(token), Instant.now());
        } catch (ParseException e) {
            throw new Refused(e);
        }
    }

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
