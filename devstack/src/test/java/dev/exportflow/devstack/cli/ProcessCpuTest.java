package dev.exportflow.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The bench's CPU figures: a process with its children (PostgreSQL's backends), this JVM without its own. */
class ProcessCpuTest {

    @Test
    void aProcessCountsItsChildrenButThisJvmNot() throws Exception {
        // A shell whose child spins: the shell itself uses next to nothing.
        Process shell = new ProcessBuilder("sh", "-c", "sh -c 'while :; do :; done' & wait").start();
        try {
            Map<String, OptionalLong> pids = new LinkedHashMap<>();
            pids.put("shell", OptionalLong.of(shell.pid()));
            pids.put("this JVM", OptionalLong.of(ProcessHandle.current().pid()));
            ProcessCpu cpu = ProcessCpu.start(pids);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cpu.used().get("shell").compareTo(Duration.ofSeconds(2)) >= 0);

            Map<String, Duration> used = cpu.used();
            assertThat(used.keySet()).containsExactly("shell", "this JVM");
            assertThat(used.get("this JVM")).as("this JVM, not its child's spinning").isLessThan(Duration.ofSeconds(1));
            assertThat(cpu.perUnit(1000)).startsWith("shell ").contains(", this JVM ");
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessWithoutAPidIsLeftOut() {
        assertThat(ProcessCpu.start(Map.of("in a container", OptionalLong.empty())).used()).isEmpty();
    }
}
