package dev.exportflow.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The configuration keys a service reads, and whether an environment variable sets one of them. An environment
 * variable names a key the way SmallRye Config looks it up: the key with every character other than a letter or a
 * digit replaced by {@code _}, in upper case ({@code quarkus.datasource.jdbc.max-size} is
 * {@code QUARKUS_DATASOURCE_JDBC_MAX_SIZE}). A key ending in {@code .*} stands for every key below it.
 */
final class ConfigKeys {

    private final Set<String> keys = new TreeSet<>();

    ConfigKeys add(String key) {
        keys.add(key);
        return this;
    }

    ConfigKeys addAll(Collection<String> more) {
        keys.addAll(more);
        return this;
    }

    boolean setBy(String envName) {
        return keys.stream().anyMatch(key -> matches(key, envName));
    }

    List<String> keys() {
        return new ArrayList<>(keys);
    }

    static boolean matches(String key, String envName) {
        if (key.endsWith(".*")) {
            String prefix = toEnv(key.substring(0, key.length() - 1));
            return envName.startsWith(prefix) && envName.length() > prefix.length();
        }
        return toEnv(key).equals(envName);
    }

    /** {@code quarkus.log.category."org.apache.kafka".level} → {@code QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL} */
    static String toEnv(String key) {
        return NOT_ALPHANUMERIC.matcher(key).replaceAll("_").toUpperCase(Locale.ROOT);
    }

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^A-Za-z0-9]");
}
