package dev.exportflow.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a devstack keeps its data and which ports it listens on (all on 127.0.0.1). Ports are
 * consecutive from a base, so that two stacks (say, a running {@code ./exportflow up} and a test run)
 * never collide: {@code base} Kafka, {@code +1} Kafka controller, {@code +2} PostgreSQL,
 * {@code +3} S3, {@code +4} SMTP, {@code +5} mailbox REST API, {@code +6} Kafka over TLS + SASL,
 * {@code +10} to {@code +99} service processes started for the stack (tests, bench).
 *
 * <p>Every default base lies below 32768, outside Linux's ephemeral port range, so that an outgoing
 * connection never takes a server's port between two runs.
 *
 * <p>{@code EXPORTFLOW_DEVSTACK_HOME} and {@code EXPORTFLOW_DEVSTACK_PORT_BASE} override the
 * defaults, e.g. to run two test suites side by side.
 *
 * @param home folder holding all data, logs and pid files of this stack
 * @param cleanStart whether a fresh start wipes the data of a previous run (tests) or keeps it (dev)
 * @param durable whether PostgreSQL syncs every commit to disk (fault tests that stop it); off is faster
 */
public record DevStackSettings(String name, Path home, int portBase, boolean cleanStart, boolean durable) {

    public static final int DEV_PORT_BASE = 29100;
    public static final int TEST_PORT_BASE = 28100;
    public static final int BENCH_PORT_BASE = 27100;
    public static final int BENCH_API_PORT_BASE = 27400;

    /** The stack of {@code ./exportflow up}: data survives restarts. */
    public static DevStackSettings dev() {
        return fromEnvironment("dev", DEV_PORT_BASE, false);
    }

    /**
     * The stack of the test suites: every fresh start begins empty. A module's pom may give its tests a stack of their
     * own ({@code exportflow.devstack.test-stack} names it, {@code exportflow.devstack.test-port-base} places its ports),
     * so that several modules can be tested at once ({@code .ci/run} builds with {@code -T}); the environment's
     * overrides still win.
     */
    public static DevStackSettings test() {
        String module = System.getProperty("exportflow.devstack.test-stack", "").trim();
        String base = System.getProperty("exportflow.devstack.test-port-base", "").trim();
        return fromEnvironment(module.isEmpty() ? "test" : "test-" + module,
                base.isEmpty() ? TEST_PORT_BASE : Integer.parseInt(base), true);
    }

    /** The stack of {@code ./exportflow bench}: its generated millions of rows survive between runs. */
    public static DevStackSettings bench() {
        return fromEnvironment("bench", BENCH_PORT_BASE, false);
    }

    /** The stack of {@code ./exportflow bench --api}: thousands of jobs a run, so every run begins empty. */
    public static DevStackSettings benchApi() {
        return fromEnvironment("bench-api", BENCH_API_PORT_BASE, true);
    }

    private static DevStackSettings fromEnvironment(String name, int defaultBase, boolean cleanStart) {
        String home = setting("EXPORTFLOW_DEVSTACK_HOME", "exportflow.devstack.home");
        String base = setting("EXPORTFLOW_DEVSTACK_PORT_BASE", "exportflow.devstack.port-base");
        return new DevStackSettings(name,
                home == null ? repositoryRoot().resolve(".devstack").resolve(name) : Path.of(home).toAbsolutePath(),
                base == null ? defaultBase : Integer.parseInt(base),
                cleanStart, false);
    }

    /** The same stack with PostgreSQL syncing every commit, as a production server does. */
    public DevStackSettings asDurable() {
        return new DevStackSettings(name, home, portBase, cleanStart, true);
    }

    private static String setting(String environmentVariable, String systemProperty) {
        String value = System.getProperty(systemProperty, System.getenv(environmentVariable));
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The folder holding {@code mvnw}, found from the working directory upwards (tests run in a module folder). */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("devstack"))) {
                return dir;
            }
        }
        return start;
    }

    public int kafkaPort() {
        return portBase;
    }

    public int kafkaControllerPort() {
        return portBase + 1;
    }

    public int postgresPort() {
        return portBase + 2;
    }

    public int s3Port() {
        return portBase + 3;
    }

    public int smtpPort() {
        return portBase + 4;
    }

    public int mailApiPort() {
        return portBase + 5;
    }

    /** Kafka's TLS + SASL listener. */
    public int kafkaSecurePort() {
        return portBase + 6;
    }

    /** Services started for this stack (tests, bench) listen from here ... */
    public int firstServicePort() {
        return portBase + 10;
    }

    /** ... to here. */
    public int lastServicePort() {
        return portBase + 99;
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path stateFile() {
        return home.resolve("stack.json");
    }
}
