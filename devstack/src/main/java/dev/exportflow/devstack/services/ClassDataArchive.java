package dev.exportflow.devstack.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The JDK's class-data archive (dynamic AppCDS) of one packaged service and one instance of it: a start finds the
 * classes of earlier starts mapped from the archive instead of loading, parsing and verifying them again. The first
 * start of a build has the JVM write the archive when it exits; a clean stop keeps it, a kill or a timed-out stop leaves
 * none (a half-written archive would only be refused, but then every later start would go without). The archive is of
 * one build: a newer {@code quarkus-run.jar} makes the next start write it anew. docs/devstack.md has the measurement.
 */
final class ClassDataArchive {

    private final Path archive;
    private final Path written;
    private final Path jar;

    private ClassDataArchive(Path archive, Path written, Path jar) {
        this.archive = archive;
        this.written = written;
        this.jar = jar;
    }

    /** The archive beside {@code jar}, for this Java (an archive is of one JVM build) and written by {@code instance}. */
    static ClassDataArchive of(Path jar, String instance) {
        Path archive = jar.resolveSibling("classes-" + Runtime.version() + ".jsa");
        return new ClassDataArchive(archive, archive.resolveSibling(archive.getFileName() + "." + instance + ".part"), jar);
    }

    /**
     * Maps the archive when there is one of this build; otherwise has the JVM write one when it exits, without a
     * warning in the log for each of the thousands of classes an archive cannot hold (loaded, never linked).
     */
    List<String> jvmOptions() {
        return current() ? List.of("-XX:SharedArchiveFile=" + archive)
                : List.of("-XX:ArchiveClassesAtExit=" + written, "-Xlog:cds=off");
    }

    /** After the process ended: keeps what it wrote if it stopped cleanly (it wrote all of it), else discards it. */
    void settle(boolean stoppedCleanly) {
        try {
            if (stoppedCleanly && Files.isRegularFile(written) && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            // the archive only makes starts faster: without it the next start writes one again
        }
    }

    private boolean current() {
        try {
            return Files.isRegularFile(archive) && Files.size(archive) > 0
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
