package dev.exportflow.worker.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The expected files under {@code src/test/resources/golden}. With {@code -Dgolden.update=true} a test writes what it
 * produced next to the sources instead (then read the diff before committing it).
 */
public final class GoldenFiles {

    private GoldenFiles() {
    }

    public static String read(String name) throws IOException {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("No golden file " + name + "; write it with -Dgolden.update=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes the produced text as the new golden file when asked to; answers whether it did. */
    public static boolean updateIfAsked(String name, String produced) throws IOException {
        if (!Boolean.getBoolean("golden.update")) {
            return false;
        }
        Files.writeString(Path.of("src/test/resources/golden", name), produced, StandardCharsets.UTF_8);
        return true;
    }
}
