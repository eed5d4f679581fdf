package dev.exportflow.devstack;

import java.util.Locale;

/**
 * Where a stack's servers run: local processes (the default, no Docker needed) or containers on a Docker engine
 * (Testcontainers), chosen with {@code -Dexportflow.test.infra=containers} or {@code EXPORTFLOW_TEST_INFRA=containers}.
 * Either way they listen on the same 127.0.0.1 ports, so services and tests cannot tell the difference.
 */
public enum Infrastructure {
    PROCESSES,
    CONTAINERS;

    public static final String PROPERTY = "exportflow.test.infra";
    public static final String ENVIRONMENT = "EXPORTFLOW_TEST_INFRA";

    /** What this JVM was asked for. */
    public static Infrastructure selected() {
        return parse(System.getProperty(PROPERTY, System.getenv(ENVIRONMENT)));
    }

    /**
     * @param value {@code devstack} (or nothing) for processes, {@code containers} for Testcontainers
     * @throws DevStackException naming the accepted values for anything else
     */
    static Infrastructure parse(String value) {
        String choice = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "", "devstack", "processes" -> PROCESSES;
            case "containers", "testcontainers" -> CONTAINERS;
            default -> throw new DevStackException(PROPERTY + " must be 'devstack' (the default) or 'containers', not '"
                    + value + "'");
        };
    }
}
