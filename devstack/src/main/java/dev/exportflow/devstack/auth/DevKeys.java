package dev.exportflow.devstack.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The secrets of a local stack, made once and kept under its home: an RSA key pair that signs
 * demo bearer tokens (the services verify with the public half) and the HMAC key of download links.
 * They only ever protect data on this machine.
 */
public final class DevKeys {

    public static final String ISSUER = "https://exportflow.local/devstack";

    private final Path dir;

    public DevKeys(Path home) {
        this.dir = home.resolve("keys");
    }

    public Path publicKeyFile() {
        return dir.resolve("jwt-public.pem");
    }

    public Path privateKeyFile() {
        return dir.resolve("jwt-private.pem");
    }

    /** Creates the keys on first use; later calls keep them, so tokens stay valid across restarts. */
    public DevKeys ensureExist() {
        try {
            Files.createDirectories(dir);
            if (!Files.exists(privateKeyFile()) || !Files.exists(publicKeyFile())) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(publicKeyFile(), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.writeString(privateKeyFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            Path linkKey = dir.resolve("link-signing.key");
            if (!Files.exists(linkKey)) {
                byte[] secret = new byte[48];
                new SecureRandom().nextBytes(secret);
                Files.writeString(linkKey, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write keys under " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    public String linkSigningKey() {
        try {
            return Files.readString(dir.resolve("link-signing.key"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PrivateKey readPrivateKey(Path pemFile) {
        try {
            String pem = Files.readString(pemFile)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pemFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pemFile + " is not an RSA private key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
