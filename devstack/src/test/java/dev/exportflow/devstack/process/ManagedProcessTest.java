package dev.exportflow.devstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ManagedProcessTest {

    /**
     * A server runs in a session (and so a process group) of its own: Ctrl-C in the launcher's terminal signals the
     * launcher's group, which no longer holds the servers, and the launcher stops them in order. The pid is the
     * server's own ({@code setsid} executes it in place), so stopping it stops the server.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aServerRunsInASessionOfItsOwnUnderItsOwnPid(@TempDir Path dir) throws IOException {
        ManagedProcess sleeper = ManagedProcess.start("sleeper", List.of("sleep", "60"), dir, dir.resolve("sleeper.log"),
                Map.of());
        try {
            // setsid makes the session, then executes sleep in place: both happen just after the start returns
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(sleeper.commandLine()).hasValueSatisfying(line -> assertThat(line).contains("sleep 60")
                        .doesNotContain("setsid"));
                assertThat(session(sleeper.pid())).isEqualTo(sleeper.pid())
                        .isNotEqualTo(session(ProcessHandle.current().pid()));
            });
        } finally {
            sleeper.stop(Duration.ofSeconds(5));
        }
        assertThat(sleeper.isAlive()).isFalse();
    }

    /** The session id, field 6 of {@code /proc/<pid>/stat} (after the parenthesised command name). */
    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
