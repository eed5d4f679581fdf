package dev.exportflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders an overlay with {@code kubectl kustomize} (kustomize v5, in kubectl since 1.27). The overlay is wrapped in a
 * kustomization of its own under {@code target/} that asks for origin annotations, so that every object names the
 * file it was declared in; the overlays themselves stay free of them.
 */
final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String ORIGIN = "config.kubernetes.io/origin";

    private final Path root;
    private final Path work;

    /**
     * @param root the repository
     * @param work a scratch folder inside the repository (kustomize only loads paths relative to its root)
     */
    Kustomize(Path root, Path work) {
        this.root = root.toAbsolutePath().normalize();
        this.work = work.toAbsolutePath().normalize();
    }

    Rendering render(Path overlay) {
        Path wrapper = work.resolve(overlay.getFileName().toString());
        try {
            Files.createDirectories(wrapper);
            String target = wrapper.relativize(overlay.toAbsolutePath().normalize()).toString();
            Files.writeString(wrapper.resolve("kustomization.yaml"),
                    "resources: [" + target + "]\nbuildMetadata: [originAnnotations]\n");
            List<Manifest> manifests = new ArrayList<>();
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(run(wrapper))) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && doc.isObject()) {
                        manifests.add(new Manifest(origin(wrapper, doc), doc));
                    }
                }
            }
            return new Rendering(overlay.getFileName().toString(), manifests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file that declared the object (or the kustomization that generated it), relative to the repository. */
    private String origin(Path wrapper, JsonNode doc) throws IOException {
        JsonNode annotation = doc.path("metadata").path("annotations").path(ORIGIN);
        if (!annotation.isTextual()) {
            return "(unknown file)";
        }
        JsonNode origin = YAML.readTree(annotation.asText());
        String path = origin.hasNonNull("path") ? origin.path("path").asText() : origin.path("configuredIn").asText();
        return root.relativize(wrapper.resolve(path).normalize()).toString();
    }

    private String run(Path wrapper) throws IOException {
        Path output = Files.createTempFile(work, "rendered", ".yaml");
        Path errors = Files.createTempFile(work, "rendered", ".err");
        Process process;
        try {
            process = new ProcessBuilder(command(), "kustomize", wrapper.toString())
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("The deploy contract test renders the overlays with kubectl 1.27+ (kustomize v5): "
                    + "install it, or name it with -Dexportflow.kubectl=/path/to/kubectl (" + e.getMessage() + ")", e);
        }
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + wrapper + " took more than 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + wrapper + " failed:\n"
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** {@code kubectl}, or whatever the system property {@code exportflow.kubectl} names. */
    private static String command() {
        return System.getProperty("exportflow.kubectl", "kubectl");
    }
}
