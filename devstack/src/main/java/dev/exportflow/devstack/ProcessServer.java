package dev.exportflow.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;

/**
 * A server that is one operating-system process started from a command line: what Kafka, the S3
 * server and the SMTP server have in common (start and wait, stop, kill, pid, log).
 */
public abstract class ProcessServer implements Server {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    protected final DevStackSettings settings;
    private final Duration stopGrace;
    private ManagedProcess process;

    protected ProcessServer(DevStackSettings settings, Duration stopGrace) {
        this.settings = settings;
        this.stopGrace = stopGrace;
    }

    /** Starts {@code command} and waits until {@code ready} holds, failing early if the process exits. */
    protected void launch(List<String> command, Path workDir, Map<String, String> environment, String what,
            BooleanSupplier ready) {
        process = ManagedProcess.start(name(), command, workDir, logFile(), environment);
        Ports.await(what, READY_TIMEOUT, process::isAlive, ready, this::failure);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop(stopGrace);
            process = null;
        }
    }

    /** Kills the server at once, as a crash would (for fault tests). */
    public void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    @Override
    public OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    @Override
    public Path logFile() {
        return settings.logs().resolve(name() + ".log");
    }

    /** An error that carries the end of the server's log, which usually says why. */
    protected DevStackException failure(String what) {
        return new DevStackException(what + ". Last lines of " + logFile() + ":\n" + ManagedProcess.tail(logFile(), 30));
    }
}
