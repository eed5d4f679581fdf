package dev.exportflow.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.exportflow.devstack.auth.DevKeys;
import dev.exportflow.devstack.auth.DevTokens;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Bearer tokens built claim by claim, for what {@link DevTokens} does not make: a claim left out or of the wrong
 * type, another signature algorithm, no signature at all.
 */
public final class Tokens {

    private Tokens() {
    }

    /** The claims of a token DevTokens would mint for {@code user}, valid for an hour; change them as needed. */
    public static JwtClaims claims(String user) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(Api.stack().endpoints().jwtIssuer());
        claims.setSubject(user);
        claims.setClaim("upn", user);
        claims.setClaim("email", user + "@example.com");
        claims.setStringListClaim("groups", DevTokens.DEFAULT_GROUPS);
        claims.setClaim("tenant", DevTokens.DEFAULT_TENANT);
        claims.setAudience(DevTokens.AUDIENCE);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().minusSeconds(5).getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plus(Duration.ofHours(1)).getEpochSecond()));
        return claims;
    }

    /** Signed RS256 with the stack's key, as a genuine token. */
    public static String signed(JwtClaims claims) {
        return sign(claims, DevKeys.readPrivateKey(Path.of(Api.stack().endpoints().jwtPrivateKeyFile())),
                AlgorithmIdentifiers.RSA_USING_SHA256, null);
    }

    public static String sign(JwtClaims claims, Key key, String algorithm, String keyId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", "JWT");
        if (keyId != null) {
            jws.setKeyIdHeaderValue(keyId);
        }
        if (key != null) {
            jws.setKey(key);
        }
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a token: " + e.getMessage(), e);
        }
    }

    /** {@code alg: none}: no signature at all. */
    public static String unsigned(JwtClaims claims) {
        return sign(claims, null, AlgorithmIdentifiers.NONE, null);
    }

    /** HS256 keyed with the bytes of the stack's public key: the algorithm confusion attack. */
    public static String hmacWithThePublicKey(JwtClaims claims) {
        try {
            byte[] publicKey = Files.readAllBytes(Path.of(Api.stack().endpoints().jwtPublicKeyFile()));
            return sign(claims, new HmacKey(publicKey), AlgorithmIdentifiers.HMAC_SHA256, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A claim set with {@code names} removed. */
    public static JwtClaims without(JwtClaims claims, String... names) {
        List.of(names).forEach(claims::unsetClaim);
        return claims;
    }
}
