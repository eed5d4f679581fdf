package dev.exportflow.devstack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.process.ManagedProcess;

/**
 * What the broker's TLS + SASL listener needs, made once per stack home: a self-signed certificate for 127.0.0.1
 * and localhost (by the JDK's {@code keytool}), the truststore clients verify it with (PKCS12, one generated
 * password for both stores), and the SASL/PLAIN user the services log in as.
 */
final class SecureListener {

    /** The SASL user of every service. */
    static final String USER = "exportflow";

    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;

    SecureListener(Path kafkaDir) {
        this.dir = kafkaDir.resolve("tls");
    }

    Path keystore() {
        return dir.resolve("broker.p12");
    }

    Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The password of both PKCS12 stores. */
    String storePassword() {
        return read("store.password");
    }

    /** The SASL password of {@link #USER}. */
    String userPassword() {
        return read("user.password");
    }

    /** Creates the stores and the user's password unless they exist. */
    SecureListener ensureExist() {
        if (Files.exists(keystore()) && Files.exists(truststore()) && Files.exists(dir.resolve("user.password"))) {
            return this;
        }
        try {
            Files.createDirectories(dir);
            String password = secret();
            Files.writeString(dir.resolve("store.password"), password);
            Files.writeString(dir.resolve("user.password"), secret());
            Files.deleteIfExists(keystore());
            Files.deleteIfExists(truststore());
            Path certificate = dir.resolve("broker.crt");
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-keystore", keystore().toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(),
                    "-keystore", keystore().toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-importcert", "-noprompt", "-alias", "devstack-kafka", "-file", certificate.toString(),
                    "-keystore", truststore().toString(), "-storetype", "PKCS12", "-storepass", password);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Kafka TLS stores under " + dir, e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir.resolve(file), e);
        }
    }

    /**
     * 24 random bytes in hex: a password goes to keytool on its command line, whose launcher takes any argument that
     * starts with {@code -J} as an option of its own JVM (a URL-safe Base64 password did, about once in 4,096 stacks).
     */
    static String secret() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(ManagedProcess.javaExecutable()).resolveSibling("keytool").toString()));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("keytool.log");
        try {
            Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!keytool.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                keytool.destroyForcibly();
                throw new DevStackException("keytool " + arguments[0] + " did not finish in " + KEYTOOL_TIMEOUT);
            }
            if (keytool.exitValue() != 0) {
                throw new DevStackException("keytool " + arguments[0] + " failed: " + ManagedProcess.tail(log, 10));
            }
        } catch (IOException e) {
            throw new DevStackException("Cannot run keytool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("Interrupted while running keytool", e);
        }
    }
}
