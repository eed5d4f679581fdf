package dev.exportflow.devstack.auth;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Mints bearer tokens signed with the devstack's private key, shaped like those of a real identity
 * provider: {@code sub} the user, {@code email}, {@code groups} the roles, {@code tenant}.
 */
public final class DevTokens {

    public static final String DEFAULT_TENANT = "acme";
    public static final List<String> DEFAULT_GROUPS = List.of("exporter");
    /** The {@code aud} of every token: the services accept only tokens meant for ExportFlow. */
    public static final String AUDIENCE = "exportflow";

    private final PrivateKey key;
    private final String issuer;

    public DevTokens(Path privateKeyFile, String issuer) {
        this(DevKeys.readPrivateKey(privateKeyFile), issuer);
    }

    /** Tokens signed with {@code key}, e.g. one of a {@link JwksServer}'s keys. */
    public DevTokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** A token for a demo user of tenant {@value #DEFAULT_TENANT}, valid for 12 hours. */
    public String mint(String user, String email) {
        return builder(user).email(email).sign();
    }

    public Builder builder(String user) {
        return new Builder(user);
    }

    /** Fine control over a token, including broken ones for tests (wrong issuer, expired). */
    public final class Builder {
        private final String subject;
        private String email;
        private List<String> groups = DEFAULT_GROUPS;
        private String tenant = DEFAULT_TENANT;
        private String locale;
        private String timeZone;
        private String tokenIssuer = issuer;
        private Instant expiresAt = Instant.now().plus(Duration.ofHours(12));
        private PrivateKey signingKey = key;
        private String keyId;
        private String audience = AUDIENCE;
        private Instant issuedAt = Instant.now().minusSeconds(5);

        private Builder(String subject) {
            this.subject = subject;
            this.email = subject + "@example.com";
        }

        public Builder email(String value) {
            this.email = value;
            return this;
        }

        public Builder groups(List<String> value) {
            this.groups = value;
            return this;
        }

        public Builder tenant(String value) {
            this.tenant = value;
            return this;
        }

        public Builder locale(String value) {
            this.locale = value;
            return this;
        }

        public Builder timeZone(String value) {
            this.timeZone = value;
            return this;
        }

        public Builder issuer(String value) {
            this.tokenIssuer = value;
            return this;
        }

        public Builder expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        public Builder signedWith(PrivateKey value) {
            this.signingKey = value;
            return this;
        }

        /** Signs with a key of a key set, naming it in the {@code kid} header as identity providers do. */
        public Builder signedWith(PrivateKey value, String keyIdentifier) {
            this.signingKey = value;
            this.keyId = keyIdentifier;
            return this;
        }

        /** The {@code aud} claim; null leaves it out. */
        public Builder audience(String value) {
            this.audience = value;
            return this;
        }

        public Builder issuedAt(Instant value) {
            this.issuedAt = value;
            return this;
        }

        public String sign() {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(tokenIssuer);
            claims.setSubject(subject);
            claims.setClaim("upn", subject);
            claims.setClaim("email", email);
            claims.setStringListClaim("groups", groups);
            claims.setClaim("tenant", tenant);
            if (locale != null) {
                claims.setClaim("locale", locale);
            }
            if (timeZone != null) {
                claims.setClaim("zoneinfo", timeZone);
            }
            if (audience != null) {
                claims.setAudience(audience);
            }
            claims.setJwtId(UUID.randomUUID().toString());
            claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
            claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(signingKey);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            if (keyId != null) {
                jws.setKeyIdHeaderValue(keyId);
            }
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("Cannot sign a token: " + e.getMessage(), e);
            }
        }
    }
}
