package dev.exportflow.events.link;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the token of an emailed download link ({@code /d/{token}}): HMAC-SHA256 over
 * job, generation and expiry. The notifier signs with the current key; the api verifies with the
 * current key and, during a key rotation, the previous one.
 *
 * <p>Token format: {@code base64url("v1:" jobId ":" generation ":" expiresEpochSecond) "." base64url(hmac)}.
 */
public final class DownloadLinkTokens {

    /** Shorter keys are refused: HMAC-SHA256 wants at least 256 bits. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec currentKey;
    private final SecretKeySpec previousKey;
    private final Clock clock;

    /**
     * @param currentKey secret used to sign and verify
     * @param previousKey secret still accepted for verification during a rotation, or null
     */
    public DownloadLinkTokens(String currentKey, String previousKey, Clock clock) {
        this.currentKey = key(currentKey, "current");
        this.previousKey = previousKey == null || previousKey.isBlank() ? null : key(previousKey, "previous");
        this.clock = clock;
    }

    public String sign(UUID jobId, int generation, Instant expiresAt) {
        byte[] payload = String.join(":", VERSION, jobId.toString(), Integer.toString(generation),
                Long.toString(expiresAt.getEpochSecond())).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(currentKey, payload));
    }

    /**
     * @return the claims of a genuine, unexpired token
     * @throws InvalidLinkException {@code TAMPERED} for anything not signed by a known key,
     *         {@code EXPIRED} for a genuine token past its expiry
     */
    public LinkClaims verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw new InvalidLinkException(InvalidLinkException.Reason.TAMPERED);
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidLinkException(InvalidLinkException.Reason.TAMPERED);
        }
        boolean genuine = MessageDigest.isEqual(signature, mac(currentKey, payload))
                || previousKey != null && MessageDigest.isEqual(signature, mac(previousKey, payload));
        if (!genuine) {
            throw new InvalidLinkException(InvalidLinkException.Reason.TAMPERED);
        }
        LinkClaims claims = parse(new String(payload, StandardCharsets.UTF_8));
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw new InvalidLinkException(InvalidLinkException.Reason.EXPIRED, claims);
        }
        return claims;
    }

    private static LinkClaims parse(String payload) {
        String[] parts = payload.split(":");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new InvalidLinkException(InvalidLinkException.Reason.TAMPERED);
        }
        try {
            return new LinkClaims(UUID.fromString(parts[1]), Integer.parseInt(parts[2]),
                    Instant.ofEpochSecond(Long.parseLong(parts[3])));
        } catch (IllegalArgumentException e) {
            throw new InvalidLinkException(InvalidLinkException.Reason.TAMPERED);
        }
    }

    private static SecretKeySpec key(String secret, String which) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The " + which + " link-signing key must be at least "
                    + MIN_KEY_BYTES + " bytes long");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    private static byte[] mac(SecretKeySpec key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
