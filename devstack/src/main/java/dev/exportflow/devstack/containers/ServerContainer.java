package dev.exportflow.devstack.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.process.Ports;

import org.testcontainers.containers.GenericContainer;

/**
 * One server's container through its life in a stack: created and started on first use; stopped, killed and started
 * again as the same container (it keeps its data and its host ports, as a restarted process does); removed by
 * Testcontainers when the JVM ends. Its output goes to the server's log file.
 */
final class ServerContainer {

    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(1);

    private final GenericContainer<?> container;
    private final List<Integer> hostPorts;
    private boolean created;

    ServerContainer(GenericContainer<?> container, List<Integer> hostPorts, Path logFile) {
        this.container = container.withLogConsumer(frame -> append(logFile, frame.getUtf8String()));
        this.hostPorts = hostPorts;
    }

    synchronized void start(String what) {
        if (!created) {
            container.start();
            created = true;
            return;
        }
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        Ports.await(what, RESTART_TIMEOUT, () -> true, () -> hostPorts.stream().allMatch(Ports::isOpen),
                failure -> new DevStackException(failure + " (container " + container.getDockerImageName() + ")"));
    }

    /** Stops the container gracefully; it keeps its data for the next start. */
    synchronized void stop() {
        if (created && running()) {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
        }
    }

    /** Kills the container at once, as a crash would. */
    synchronized void kill() {
        if (created && running()) {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
        }
    }

    private boolean running() {
        return Boolean.TRUE.equals(container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec()
                .getState().getRunning());
    }

    private static void append(Path logFile, String text) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + logFile, e);
        }
    }
}
