package dev.exportflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of a SmallRye {@code @ConfigMapping} interface, read from its source: the prefix and each abstract
 * method's name in kebab case ({@code activeExportsPerUser()} under {@code exportflow.limits} is
 * {@code exportflow.limits.active-exports-per-user}). A method returning a map or a group of its own stands for every
 * key below it; {@code @WithParentName} puts those right under the prefix, {@code @WithName} renames.
 */
final class ConfigMappingKeys {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MEMBER = Pattern.compile("^\\s*(?:public\\s+)?([\\w.<>, ?\\[\\]]+?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"");
    private static final Pattern NESTED = Pattern.compile("\\binterface\\s+(\\w+)");

    private ConfigMappingKeys() {
    }

    /** The keys of the mapping declared in {@code source}, or empty when it declares none. */
    static Optional<List<String>> of(String source) {
        Matcher prefix = PREFIX.matcher(source);
        if (!prefix.find()) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        Matcher nested = NESTED.matcher(source);
        while (nested.find()) {
            groups.add(nested.group(1));
        }
        List<String> keys = new ArrayList<>();
        int depth = 0;
        List<String> annotations = new ArrayList<>();
        for (String line : source.split("\n")) {
            String trimmed = line.trim();
            if (depth == 1 && trimmed.startsWith("@")) {
                annotations.add(trimmed);
            }
            Matcher member = MEMBER.matcher(line);
            if (depth == 1 && member.find() && !trimmed.startsWith("default ") && !trimmed.startsWith("static ")) {
                keys.add(key(prefix.group(1), member.group(1), member.group(2), annotations, groups));
            }
            if (depth == 1 && (trimmed.endsWith(";") || trimmed.endsWith("}"))) {
                annotations.clear();
            }
            depth += count(line, '{') - count(line, '}');
        }
        return Optional.of(keys);
    }

    private static String key(String prefix, String type, String method, List<String> annotations, List<String> groups) {
        boolean below = type.startsWith("Map<") || type.startsWith("Optional<Map<") || groups.contains(type);
        if (annotations.stream().anyMatch(annotation -> annotation.startsWith("@WithParentName"))) {
            return prefix + ".*";
        }
        String name = annotations.stream().map(WITH_NAME::matcher).filter(Matcher::find).map(m -> m.group(1))
                .findFirst().orElse(kebab(method));
        return prefix + "." + name + (below ? ".*" : "");
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static int count(String line, char c) {
        return (int) line.chars().filter(ch -> ch == c).count();
    }
}
