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
        ClassDataArchive first = ClassDataArchive.of(jar, "export-api");
        Path written = writtenBy(first);

        Files.writeString(written, "classes");
        first.settle(true);

        assertThat(written).doesNotExist();
        assertThat(ClassDataArchive.of(jar, "export-api").jvmOptions())
                .containsExactly("-XX:SharedArchiveFile=" + app.resolve("classes-" + Runtime.version() + ".jsa"));
    }

    @Test
    void aKilledOrTimedOutStartLeavesNoArchive() throws IOException {
        ClassDataArchive killed = ClassDataArchive.of(jar, "export-worker-2");
        Path written = writtenBy(killed);

        Files.writeString(written, "half of the classes");
        killed.settle(false);

        assertThat(written).doesNotExist();
        assertThat(ClassDataArchive.of(jar, "export-worker-2").jvmOptions().get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aNewBuildWritesItsOwnArchive() throws IOException {
        ClassDataArchive first = ClassDataArchive.of(jar, "notifier");
        Files.writeString(writtenBy(first), "classes of the old build");
        first.settle(true);

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(ClassDataArchive.of(jar, "notifier").jvmOptions().get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    }

    /** Where the JVM of this start is told to write the archive when it exits. */
    private static Path writtenBy(ClassDataArchive archive) {
        String option = archive.jvmOptions().get(0);
        assertThat(option).startsWith("-XX:ArchiveClassesAtExit=");
        return Path.of(option.substring("-XX:ArchiveClassesAtExit=".length()));
    }
}
