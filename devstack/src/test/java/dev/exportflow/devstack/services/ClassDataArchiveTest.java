package dev.exportflow.devstack.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

    private static final String WRITE_AT_EXIT = "-XX:ArchiveClassesAtExit=";

    @TempDir
    Path app;
    private Path jar;

    @BeforeEach
    void build() throws IOException {
        jar = Files.writeString(app.resolve("quarkus-run.jar"), "a build");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    @Test
    void theFirstStartOfABuildWritesTheArchiveAndACleanStopKeepsIt() throws IOException {
        Path written = startAndStop("export-api", true);

        assertThat(written).doesNotExist();
        assertThat(ClassDataArchive.of(jar, "export-api").jvmOptions())
                .containsExactly("-XX:SharedArchiveFile=" + app.resolve("classes-" + Runtime.version() + ".jsa"));
    }

    @Test
    void aKilledOrTimedOutStartLeavesNoArchive() throws IOException {
        Path written = startAndStop("export-worker-2", false);

        assertThat(written).doesNotExist();
        assertThat(ClassDataArchive.of(jar, "export-worker-2").jvmOptions().get(0)).startsWith(WRITE_AT_EXIT);
    }

    @Test
    void aNewBuildWritesItsOwnArchive() throws IOException {
        startAndStop("notifier", true);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(ClassDataArchive.of(jar, "notifier").jvmOptions().get(0)).startsWith(WRITE_AT_EXIT);
    }

    /**
     * A start told to write the archive when its JVM exits, the file that JVM writes, and the stop: clean, or a kill.
     * Returns where the JVM wrote it.
     */
    private Path startAndStop(String instance, boolean stoppedCleanly) throws IOException {
        ClassDataArchive archive = ClassDataArchive.of(jar, instance);
        String option = archive.jvmOptions().get(0);
        assertThat(option).startsWith(WRITE_AT_EXIT);
        Path written = Files.writeString(Path.of(option.substring(WRITE_AT_EXIT.length())), "classes");
        archive.settle(stoppedCleanly);
        return written;
    }
}
