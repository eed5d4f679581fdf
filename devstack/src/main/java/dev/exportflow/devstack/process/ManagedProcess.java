package dev.exportflow.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A server started as its own operating-system process, with its output in a log file. Stopping
 * asks politely (SIGTERM) first and forces (SIGKILL) only after a grace period.
 */
public final class ManagedProcess {

    private static final Logger LOG = Logger.getLogger(ManagedProcess.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final ProcessHandle handle;
    private final Path logFile;

    private ManagedProcess(String name, ProcessHandle handle, Path logFile) {
        this.name = name;
        this.handle = handle;
        this.logFile = logFile;
    }

    public static ManagedProcess start(String name, List<String> command, Path workDir, Path logFile,
            Map<String, String> environment) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(inSessionOfItsOwn(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            LOG.debugf("started %s as pid %d", name, process.pid());
            return new ManagedProcess(name, process.toHandle(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The command run by {@code setsid} where there is one (it executes the command in its own place, so the pid stays
     * the server's): Ctrl-C in the terminal of {@code ./exportflow up} then reaches the launcher alone, whose shutdown
     * stops the services before the servers they use. Signalled together, the broker would go while the services'
     * consumers try to leave their groups, and the next start would wait for the broker to drop those members.
     */
    static List<String> inSessionOfItsOwn(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> detached = new ArrayList<>();
        detached.add(SETSID.toString());
        detached.addAll(command);
        return detached;
    }

    /** A process started earlier (by pid), e.g. by a run that was killed. */
    public static Optional<ManagedProcess> attach(String name, long pid, Path logFile) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(handle -> new ManagedProcess(name, handle, logFile));
    }

    /**
     * Whether a process is running. A zombie (exited, not yet reaped, which happens to daemons
     * whose parent is a container's minimal init) does not count.
     */
    public static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc (not Linux): trust ProcessHandle
        }
    }

    /** The java executable of this JVM, so that every server runs on the same Java. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The command line of the process, when the operating system tells. */
    public Optional<String> commandLine() {
        return handle.info().commandLine();
    }

    /**
     * Stops the process and its children: SIGTERM, then SIGKILL after {@code grace}.
     *
     * @return whether it ended within the grace (false when it had to be killed, or had ended before)
     */
    public boolean stop(Duration grace) {
        if (!handle.isAlive()) {
            return false;
        }
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        boolean stopped = true;
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            LOG.warnf("%s (pid %d) did not stop within %d s; killing it", name, pid(), grace.toSeconds());
            handle.destroyForcibly();
            stopped = false;
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return stopped;
    }

    /** Kills at once, as a crash would. */
    public void kill() {
        handle.destroyForcibly();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " (pid " + pid() + ") did not die after SIGKILL", e);
        }
    }

    /** The last lines of the log, to explain a failed start. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
