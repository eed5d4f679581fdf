package dev.exportflow.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.exportflow.devstack.postgres.PostgresServer;
import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;

import org.jboss.logging.Logger;

/**
 * What a start finds under a stack's home and on its ports: a stack it can reuse, servers a killed run left behind,
 * ports another program holds, data to wipe for a clean start.
 */
final class StackHome {

    private static final Logger LOG = Logger.getLogger(StackHome.class);

    private StackHome() {
    }

    static boolean answers(DevStackSettings settings) {
        return Stream.of(settings.kafkaPort(), settings.postgresPort(), settings.s3Port(), settings.smtpPort(),
                settings.mailApiPort()).allMatch(Ports::isOpen);
    }

    /** A killed owner leaves its servers running: stop those that are still ours. */
    static void cleanUpAfterKilledRun(DevStackSettings settings, StackState state) {
        String home = settings.home().toString();
        state.pids().forEach((name, pid) -> ProcessHandle.of(pid)
                .filter(process -> ManagedProcess.isRunning(process.pid()))
                .filter(process -> process.info().commandLine().map(line -> line.contains(home)).orElse(false))
                .ifPresent(process -> {
                    LOG.infof("stopping %s (pid %d) left behind by a killed run", name, pid);
                    process.destroy();
                    try {
                        process.onExit().get(15, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        process.destroyForcibly();
                    }
                }));
        PostgresServer.postmasterPid(settings.home().resolve("postgres")).ifPresent(pid -> ProcessHandle.of(pid)
                .filter(process -> ManagedProcess.isRunning(process.pid()))
                .ifPresent(ProcessHandle::destroy));
        try {
            Files.deleteIfExists(settings.stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void refuseBusyPorts(DevStackSettings settings) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(settings.kafkaPort(), "Kafka");
        ports.put(settings.kafkaControllerPort(), "Kafka controller");
        ports.put(settings.postgresPort(), "PostgreSQL");
        ports.put(settings.s3Port(), "S3");
        ports.put(settings.smtpPort(), "SMTP");
        ports.put(settings.mailApiPort(), "mailbox API");
        ports.put(settings.kafkaSecurePort(), "Kafka over TLS");
        List<String> busy = ports.entrySet().stream()
                .filter(port -> !Ports.isFree(port.getKey()))
                .map(port -> port.getKey() + " (" + port.getValue() + ")")
                .toList();
        if (!busy.isEmpty()) {
            throw new DevStackException("Cannot start the devstack '" + settings.name() + "': port(s) " + String.join(", ", busy)
                    + " on 127.0.0.1 are in use by another program. Stop it, or choose other ports with"
                    + " EXPORTFLOW_DEVSTACK_PORT_BASE (now " + settings.portBase() + ").");
        }
    }

    static void wipe(Path home) {
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.equals(home) && !path.getFileName().toString().equals(".lock"))
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + home, e);
        }
    }
}
