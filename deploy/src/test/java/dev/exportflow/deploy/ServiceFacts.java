package dev.exportflow.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the manifests must agree with about one service, read from its module: the HTTP port, the application name,
 * the shutdown timeout and every configuration key it reads.
 */
record ServiceFacts(String name, int httpPort, String applicationName, Optional<Duration> shutdownTimeout,
        ConfigKeys keys) {

    static final List<String> SERVICES = List.of("export-api", "export-worker", "notifier");

    /**
     * Framework keys a service reads when it has the extension, beyond those its application.properties names.
     * Kept short on purpose: a key the service does not really read is a setting that silently does nothing.
     */
    private static final Map<String, List<String>> EXTENSION_KEYS = Map.of(
            // every Kafka client of the service: bootstrap servers, security protocol, SASL, truststore, keystore
            "quarkus-messaging-kafka", List.of("kafka.*"),
            // the token issuer and where its public key is
            "quarkus-smallrye-jwt", List.of("mp.jwt.verify.*"),
            // the SMTP relay: host, port, TLS, credentials
            "quarkus-mailer", List.of("quarkus.mailer.*"),
            // where spans go and how many are kept
            "quarkus-opentelemetry", List.of("quarkus.otel.*"));

    /** Read by every Quarkus application: log levels and format, extra configuration files. */
    private static final List<String> EVERY_APPLICATION = List.of("quarkus.log.*", "quarkus.config.locations");

    /** What the image's run-java.sh reads (ubi9/openjdk-17-runtime, deploy/docker/Dockerfile.jvm). */
    static final List<String> IMAGE_VARIABLES = List.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO",
            "JAVA_INITIAL_MEM_RATIO", "JAVA_MAX_INITIAL_MEM", "JAVA_DIAGNOSTICS", "JAVA_DEBUG", "JAVA_DEBUG_PORT",
            "JAVA_APP_DIR", "JAVA_APP_JAR", "JAVA_LIB_DIR", "JAVA_CLASSPATH", "JAVA_MAIN_CLASS", "JAVA_ARGS");

    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)");
    private static final Pattern DATASOURCE = Pattern.compile("^quarkus\\.datasource\\.(?:([^.]+)\\.)?db-kind$");
    private static final Pattern EXTENSION = Pattern.compile("<artifactId>(quarkus-[\\w-]+)</artifactId>");

    /** Reads the service's module under {@code root}; shared mappings come from common-events. */
    static ServiceFacts load(Path root, String service) {
        Path module = root.resolve(service);
        Properties properties = properties(module.resolve("src/main/resources/application.properties"));
        ConfigKeys keys = new ConfigKeys().addAll(EVERY_APPLICATION).addAll(IMAGE_VARIABLES);
        for (String raw : properties.stringPropertyNames()) {
            String key = PROFILE.matcher(raw).replaceFirst("");
            keys.add(key);
            Matcher expression = EXPRESSION.matcher(properties.getProperty(raw));
            while (expression.find()) {
                keys.add(expression.group(1));
            }
            Matcher datasource = DATASOURCE.matcher(key);
            if (datasource.matches()) {
                String name = datasource.group(1);
                String base = name == null ? "quarkus.datasource." : "quarkus.datasource." + name + ".";
                keys.add(base + "username").add(base + "password").add(base + "jdbc.*");
            }
        }
        Matcher extension = EXTENSION.matcher(read(module.resolve("pom.xml")));
        while (extension.find()) {
            keys.addAll(EXTENSION_KEYS.getOrDefault(extension.group(1), List.of()));
        }
        keys.addAll(mappingKeys(module.resolve("src/main/java"), root.resolve("common-events/src/main/java")));
        return new ServiceFacts(service, Integer.parseInt(required(properties, "quarkus.http.port", service)),
                required(properties, "quarkus.application.name", service),
                Optional.ofNullable(properties.getProperty("quarkus.shutdown.timeout")).map(ServiceFacts::duration), keys);
    }

    /** Keys of the service's own mappings, and of the shared ones its sources refer to. */
    private static List<String> mappingKeys(Path sources, Path shared) {
        List<String> keys = new ArrayList<>();
        String all = String.join("\n", javaFiles(sources).stream().map(ServiceFacts::read).toList());
        for (Path file : javaFiles(sources)) {
            ConfigMappingKeys.of(read(file)).ifPresent(keys::addAll);
        }
        for (Path file : javaFiles(shared)) {
            String type = file.getFileName().toString().replace(".java", "");
            if (Pattern.compile("\\b" + type + "\\b").matcher(all).find()) {
                ConfigMappingKeys.of(read(file)).ifPresent(keys::addAll);
            }
        }
        return keys;
    }

    /** {@code 40s}, {@code 2m} or ISO 8601 ({@code PT40S}), as Quarkus reads durations. */
    static Duration duration(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        if (value.startsWith("P")) {
            return Duration.parse(value);
        }
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        return Duration.parse(value.endsWith("D") ? "P" + value : "PT" + value);
    }

    private static String required(Properties properties, String key, String service) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(service + "'s application.properties has no " + key);
        }
        return value.trim();
    }

    static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static List<Path> javaFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
