package dev.exportflow.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's CPU figures: a process with its children (PostgreSQL's backends), this JVM without its own, and the part
 * of a JVM's CPU its JIT compiler threads used.
 */
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
    void theJitShareIsWhatAJvmsCompilerThreadsUsedOfItsCpu(@TempDir Path dir) throws Exception {
        // -Xcomp compiles every method before it first runs: a source launch (javac inside) becomes mostly C2's work
        Path program = Files.writeString(dir.resolve("Nothing.java"), "class Nothing { public static void main(String[] a) {} }");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process jvm = new ProcessBuilder(java, "-Xshare:off", "-Xcomp", "-XX:-TieredCompilation", program.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process shell = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Map<String, OptionalLong> pids = new LinkedHashMap<>();
            pids.put("jvm", OptionalLong.of(jvm.pid()));
            pids.put("shell", OptionalLong.of(shell.pid()));
            ProcessCpu cpu = ProcessCpu.start(pids);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cpu.used().get("jvm").compareTo(Duration.ofSeconds(2)) >= 0);

            assertThat(jvm.isAlive()).as("still compiling").isTrue();
            assertThat(cpu.mostCompiling(List.of("jvm"))).isBetween(0.5, 1.0);
            assertThat(cpu.mostCompiling(List.of("shell"))).as("no JIT").isZero();
            assertThat(cpu.compiling()).as("the processes that compiled").matches("jvm \\d+ %");
        } finally {
            shell.destroyForcibly().waitFor();
            jvm.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessWithoutAPidIsLeftOut() {
        assertThat(ProcessCpu.start(Map.of("in a container", OptionalLong.empty())).used()).isEmpty();
    }
}
