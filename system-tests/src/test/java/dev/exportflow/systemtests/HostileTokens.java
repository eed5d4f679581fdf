package dev.exportflow.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.exportflow.devstack.auth.DevKeys;
import dev.exportflow.devstack.auth.DevTokens;

/**
 * The {@code Authorization} headers of the fuzz: the bearer tokens of a few genuine users, and what an attacker or a
 * broken client sends: expired, foreign issuer or audience, another signing key, {@code alg: none}, HMAC signed with
 * the public key, missing claims, a token from the future, garbage, other schemes, oversized values.
 */
final class HostileTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final Random random;
    private final List<String> genuine;
    private final List<String> hostile = new ArrayList<>();

    HostileTokens(Random random, DevTokens tokens, List<String> users, byte[] publicKey) {
        this.random = random;
        this.genuine = users.stream().map(user -> "Bearer " + tokens.mint(user, user + "@fuzz.example.com")).toList();
        String user = users.get(0);
        hostile.add("Bearer " + tokens.builder(user).expiresAt(Instant.now().minus(Duration.ofHours(1))).sign());
        hostile.add("Bearer " + tokens.builder(user).issuer("https://evil.example.com").sign());
        hostile.add("Bearer " + tokens.builder(user).audience("another-service").sign());
        hostile.add("Bearer " + tokens.builder(user).audience(null).sign());
        hostile.add("Bearer " + tokens.builder(user).signedWith(foreignKey()).sign());
        hostile.add("Bearer " + tokens.builder(user).email(null).sign());
        hostile.add("Bearer " + tokens.builder(user).tenant(null).sign());
        hostile.add("Bearer " + tokens.builder(user).groups(List.of("admin", "operator")).tenant("globex").sign());
        hostile.add("Bearer " + tokens.builder(user).issuedAt(Instant.now().plus(Duration.ofDays(1))).sign());
        hostile.add("Bearer " + tokens.builder(user).issuedAt(Instant.now().minus(Duration.ofDays(400)))
                .expiresAt(Instant.now().plus(Duration.ofDays(400))).sign());
        hostile.add("Bearer " + tokens.builder("").sign());
        hostile.add("Bearer " + tokens.builder("x".repeat(3000)).sign());
        String genuineToken = genuine.get(0).substring("Bearer ".length());
        String[] parts = genuineToken.split("\\.");
        hostile.add("Bearer " + encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        hostile.add("Bearer " + hmacSignedWith(publicKey, parts[1]));
        hostile.add("Bearer " + parts[0] + "." + parts[1] + "." + URL.encodeToString(new byte[256]));
        hostile.add("Bearer " + genuineToken.substring(0, genuineToken.length() - 2) + "AA");
        hostile.add("bearer " + genuineToken);
        hostile.add("Bearer  " + genuineToken);
        hostile.add("Bearer " + genuineToken + "." + parts[2]);
        hostile.add("Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        hostile.add("Bearer");
        hostile.add("Bearer a.b.c");
        hostile.add("Bearer " + encode("{\"alg\":\"RS256\"}") + "." + encode("{\"sub\":" + "[".repeat(5000) + "]".repeat(5000)
                + "}") + ".x");
        hostile.add("Bearer " + "A".repeat(12_000));
        hostile.add("Bearer ÿþ\u00e9\u00ff");
        hostile.add("Bearer null");
        hostile.add("Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg");
    }

    /** Usually a genuine user's header, else a hostile one or none at all (null). */
    String any() {
        int pick = random.nextInt(100);
        if (pick < 55) {
            return genuine.get(random.nextInt(genuine.size()));
        } else if (pick < 90) {
            return hostile.get(random.nextInt(hostile.size()));
        } else if (pick < 95) {
            return "Bearer " + garbage();
        }
        return null;
    }

    private String garbage() {
        byte[] bytes = new byte[1 + random.nextInt(600)];
        random.nextBytes(bytes);
        return URL.encodeToString(bytes).replace('-', '.');
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The old trick: the verifier's public key used as an HMAC secret, hoping it verifies HS256 with it. */
    private static String hmacSignedWith(byte[] publicKey, String payload) {
        try {
            String signed = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + payload;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(publicKey, "HmacSHA256"));
            return signed + "." + URL.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key of another devstack home: a well-formed signature the api has no reason to trust. */
    private static PrivateKey foreignKey() {
        try {
            return DevKeys.readPrivateKey(new DevKeys(Files.createTempDirectory("foreign-keys")).ensureExist().privateKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
