package dev.exportflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.exportflow.events.Topics;

/**
 * Renders every overlay under {@code deploy/overlays} with {@code kubectl kustomize} and holds it to the contract
 * with the services ({@link ContractRules}): one test per overlay and rule, each failure a line that names the
 * file, the object and the field.
 */
class DeployContractTest {

    private static final Path ROOT = Path.of(System.getProperty("exportflow.root", "..")).toAbsolutePath().normalize();

    private static List<Rendering> renderings;
    private static ContractRules rules;

    @BeforeAll
    static void render() throws IOException {
        Map<String, ServiceFacts> services = ServiceFacts.SERVICES.stream()
                .collect(Collectors.toMap(Function.identity(), service -> ServiceFacts.load(ROOT, service)));
        rules = new ContractRules(services, Topics.ALL);
        Kustomize kustomize = new Kustomize(ROOT, ROOT.resolve("deploy/target/kustomize"));
        try (Stream<Path> overlays = Files.list(ROOT.resolve("deploy/overlays"))) {
            renderings = overlays.filter(overlay -> Files.exists(overlay.resolve("kustomization.yaml"))).sorted()
                    .map(kustomize::render).toList();
        }
    }

    @Test
    void rendersTheLocalAndTheProductionOverlay() {
        assertThat(renderings).extracting(Rendering::overlay).contains("local", "production");
        assertThat(renderings).allSatisfy(rendering -> assertThat(rendering.manifests())
                .allSatisfy(manifest -> assertThat(manifest.origin()).startsWith("deploy/")));
    }

    @TestFactory
    Stream<DynamicTest> everyOverlayKeepsTheContract() {
        return renderings.stream().flatMap(rendering -> rules.all().stream().map(rule ->
                dynamicTest(rendering.overlay() + ": " + rule.description(), () -> assertThat(rule.check().apply(rendering))
                        .as("overlay %s: %s", rendering.overlay(), rule.description())
                        .isEmpty())));
    }
}
