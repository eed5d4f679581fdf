package dev.exportflow.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;

/**
 * A real OpenID Connect provider for the sign-in test: Keycloak's server distribution ({@code
 * org.keycloak:keycloak-quarkus-dist} from Maven Central, its path handed over by the build as {@value #DIST_PROPERTY}),
 * unpacked under {@code target/keycloak/} once, started in development mode on 127.0.0.1 with a fresh H2 database and
 * the realm of {@code keycloak/exportflow-realm.json}: the public client of the web UI (PKCE S256, redirects only to
 * the UI) and one user, whose access tokens carry what export-api needs ({@code aud} exportflow, {@code tenant},
 * {@code groups}, {@code email}). Keycloak needs Java 21 or later: only its process runs on such a JDK from
 * {@code /usr/lib/jvm}; everything else stays on the build's JDK.
 */
final class Keycloak implements AutoCloseable {

    static final String DIST_PROPERTY = "exportflow.test.keycloak-dist";
    static final String REALM = "exportflow";
    static final String CLIENT_ID = "exportflow-ui";
    static final String USER = "ada";
    static final String PASSWORD = "ada-secret-42";
    static final String NAME = "Ada Lovelace";
    static final String EMAIL = "ada@example.com";
    /** A first start builds Keycloak's optimized server (about a minute on two busy cores), then it starts. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final int MINIMUM_JAVA = 21;
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    private final ManagedProcess process;
    private final int port;

    private Keycloak(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Keycloak on {@code port} and waits until the realm answers its discovery document.
     *
     * @param uiBaseUrl where the web UI is served: the only place the client may redirect to after sign-in and sign-out
     */
    static Keycloak start(int port, String uiBaseUrl, Path logDir) {
        Path javaHome = javaHome();
        Path home = unpacked();
        Path data = home.resolve("data");
        deleteRecursively(data); // a fresh database: the realm is imported with this run's redirect address
        copyRealm(data.resolve("import"));
        List<String> command = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=" + Ports.LOOPBACK, "--http-port=" + port, "--import-realm");
        Map<String, String> environment = Map.of(
                "JAVA_HOME", javaHome.toString(),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                // on Java 24+ its thread pools fail at shutdown without it (jboss-threads' thread-local reset)
                "JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                // the realm file names the UI's address as ${EXPORTFLOW_UI_URL}: Keycloak fills it in when importing
                "EXPORTFLOW_UI_URL", uiBaseUrl);
        ManagedProcess process = ManagedProcess.start("keycloak", command, home, logDir.resolve("keycloak.log"),
                environment);
        Keycloak keycloak = new Keycloak(process, port);
        try {
            Ports.await("Keycloak", START_TIMEOUT, process::isAlive, keycloak::answers, what -> new IllegalStateException(
                    what + ". Last lines of " + process.logFile() + ":\n" + process.logTail(30)));
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    /** The realm's issuer: {@code iss} of its tokens, and where its discovery document lies below. */
    String issuer() {
        return issuer(port);
    }

    static String issuer(int port) {
        return "http://" + Ports.LOOPBACK + ":" + port + "/realms/" + REALM;
    }

    /** The realm's signing keys (JWKS), for export-api's {@code mp.jwt.verify.publickey.location}. */
    String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops Keycloak by its pid: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }

    private boolean answers() {
        return Ports.httpStatus(URI.create(issuer() + "/.well-known/openid-configuration")) == 200;
    }

    /** A JDK of Java 21 or later under /usr/lib/jvm (the newest), for Keycloak's process only. */
    static Path javaHome() {
        List<Path> candidates;
        try (Stream<Path> jvms = Files.exists(JVMS) ? Files.list(JVMS) : Stream.empty()) {
            candidates = jvms.filter(jvm -> Files.isExecutable(jvm.resolve("bin/java")) && !Files.isSymbolicLink(jvm))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return candidates.stream().filter(jvm -> featureVersion(jvm).orElse(0) >= MINIMUM_JAVA)
                .max(Comparator.comparing(jvm -> featureVersion(jvm).orElse(0)))
                .orElseThrow(() -> new IllegalStateException("Keycloak needs Java " + MINIMUM_JAVA + " or later, and "
                        + JVMS + " has none (found: " + candidates + "). Install a JDK 21+ there, e.g. Temurin 25 "
                        + "(/usr/lib/jvm/temurin-25-jdk-amd64) or Debian's openjdk-21-jdk-headless."));
    }

    /** The feature release of a JDK (21 for 21.0.5), from its {@code release} file. */
    private static Optional<Integer> featureVersion(Path jdk) {
        Path release = jdk.resolve("release");
        if (!Files.exists(release)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(release)) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
            return Optional.of(Integer.parseInt(version.split("[.+-]")[0]));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The distribution unpacked under target/keycloak (once: its bin/kc.sh is written last, so it marks completion). */
    private static Path unpacked() {
        String dist = System.getProperty(DIST_PROPERTY);
        if (dist == null || dist.isBlank() || dist.contains("${")) {
            throw new IllegalStateException("No Keycloak distribution: run this test through Maven (system-tests), "
                    + "which resolves org.keycloak:keycloak-quarkus-dist and passes its path as " + DIST_PROPERTY);
        }
        Path zip = Path.of(dist);
        Path target = Path.of("target", "keycloak").toAbsolutePath();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            String root = archive.stream().map(ZipEntry::getName).filter(name -> name.endsWith("/bin/kc.sh"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(zip + " has no bin/kc.sh"))
                    .replace("/bin/kc.sh", "");
            Path home = target.resolve(root);
            Path marker = home.resolve("bin/kc.sh");
            if (Files.exists(marker)) {
                return home;
            }
            deleteRecursively(home);
            List<? extends ZipEntry> entries = archive.stream()
                    .sorted(Comparator.comparing(entry -> entry.getName().endsWith("/bin/kc.sh"))).toList();
            for (ZipEntry entry : entries) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IllegalStateException(zip + " has an entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip, e);
        }
    }

    private static void copyRealm(Path importFolder) {
        try (InputStream realm = Keycloak.class.getResourceAsStream("/keycloak/exportflow-realm.json")) {
            Files.createDirectories(importFolder);
            Files.copy(realm, importFolder.resolve("exportflow-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
