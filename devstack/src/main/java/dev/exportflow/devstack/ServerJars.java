package dev.exportflow.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the server jars are: resolved by Maven at build time and written to {@code devstack-servers.properties}. */
public final class ServerJars {

    private static final Properties PATHS = load();

    private ServerJars() {
    }

    public static String kafkaClasspath() {
        return get("kafka.classpath");
    }

    public static Path s3proxyJar() {
        return Path.of(get("s3proxy.jar"));
    }

    public static Path greenmailJar() {
        return Path.of(get("greenmail.jar"));
    }

    private static String get(String key) {
        String value = PATHS.getProperty(key);
        if (value == null || value.contains("${")) {
            throw new DevStackException("devstack-servers.properties has no '" + key + "'; rebuild devstack with ./mvnw install");
        }
        for (String entry : value.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                throw new DevStackException(entry + " is missing from the local Maven repository; rebuild with ./mvnw install");
            }
        }
        return value;
    }

    private static Properties load() {
        try (InputStream in = ServerJars.class.getResourceAsStream("/devstack-servers.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
