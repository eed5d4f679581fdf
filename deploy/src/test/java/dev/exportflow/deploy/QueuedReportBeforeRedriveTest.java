package dev.exportflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Two settings of two services that only work together: a worker tells the api that it holds a waiting request
 * ({@code ExportQueued}) once the request has waited {@value #QUEUED}, and the api sends a request it has no word of
 * again after {@value #REDRIVE}. An acknowledgement that comes later than the re-send makes every waiting job a
 * duplicate request. The worker's setting must stay at most half the api's (room for the api's consumers to lag),
 * in the services' defaults, in every overlay and in docker-compose.yml.
 */
class QueuedReportBeforeRedriveTest {

    static final String QUEUED = "exportflow.worker.queued-report-after";
    static final String REDRIVE = "exportflow.watchdog.redrive-after";

    private static final Path ROOT = Path.of(System.getProperty("exportflow.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theDefaultsKeepTheOrder() {
        assertKeepsTheOrder("the defaults", defaultOf("export-worker", QUEUED), defaultOf("export-api", REDRIVE));
    }

    @Test
    void aWorkerThatAcknowledgesLaterThanHalfTheRedriveBreaksIt() {
        Duration redrive = Duration.ofMinutes(2);
        assertThat(keepsTheOrder(Duration.ofSeconds(60), redrive)).isTrue();
        assertThat(keepsTheOrder(Duration.ofSeconds(61), redrive)).isFalse();
    }

    @Test
    void aDeploymentTakesEnvBeforeItsConfigMapsAndTheLastConfigMapOfTwo() throws IOException {
        Manifest first = new Manifest("a.yaml", YAML.readTree("""
                {kind: ConfigMap, metadata: {name: first, namespace: ns}, data: {EXPORTFLOW_WORKER_QUEUED_REPORT_AFTER: 20s}}
                """));
        Manifest second = new Manifest("b.yaml", YAML.readTree("""
                {kind: ConfigMap, metadata: {name: second, namespace: ns}, data: {QUEUED_REPORT_AFTER: 90s}}
                """));
        String worker = """
                kind: Deployment
                metadata: {name: export-worker, namespace: ns}
                spec:
                  template:
                    spec:
                      containers:
                        - name: export-worker
                          envFrom:
                            - configMapRef: {name: first}
                            - {prefix: EXPORTFLOW_WORKER_, configMapRef: {name: second}}
                """;
        Rendering fromConfigMaps = new Rendering("test", List.of(first, second, new Manifest("w.yaml", YAML.readTree(worker))));
        Rendering fromEnv = new Rendering("test", List.of(first, second, new Manifest("w.yaml", YAML.readTree(worker
                + "          env: [{name: EXPORTFLOW_WORKER_QUEUED_REPORT_AFTER, value: 10s}]\n"))));

        assertThat(inRendering(fromConfigMaps, "export-worker", QUEUED)).isEqualTo(Duration.ofSeconds(90));
        assertThat(inRendering(fromEnv, "export-worker", QUEUED)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aComposeFileThatSetsTheWorkerLaterBreaksIt() throws IOException {
        JsonNode services = YAML.readTree("""
                services:
                  export-worker:
                    environment: {EXPORTFLOW_WORKER_QUEUED_REPORT_AFTER: 90s}
                  export-api:
                    environment: [EXPORTFLOW_WATCHDOG_REDRIVE_AFTER=PT2M]
                """).path("services");
        Duration queued = inCompose(services.path("export-worker"), "export-worker", QUEUED);
        Duration redrive = inCompose(services.path("export-api"), "export-api", REDRIVE);
        assertThat(queued).isEqualTo(Duration.ofSeconds(90));
        assertThat(redrive).isEqualTo(Duration.ofMinutes(2));
        assertThat(keepsTheOrder(queued, redrive)).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> everyOverlayKeepsTheOrder() throws IOException {
        Kustomize kustomize = new Kustomize(ROOT, ROOT.resolve("deploy/target/kustomize-timings"));
        try (Stream<Path> overlays = Files.list(ROOT.resolve("deploy/overlays"))) {
            List<Rendering> renderings = overlays.filter(overlay -> Files.exists(overlay.resolve("kustomization.yaml")))
                    .sorted().map(kustomize::render).toList();
            return renderings.stream().map(rendering -> dynamicTest(rendering.overlay(), () -> assertKeepsTheOrder(
                    "overlay " + rendering.overlay(), inRendering(rendering, "export-worker", QUEUED),
                    inRendering(rendering, "export-api", REDRIVE))));
        }
    }

    @Test
    void theComposeFileKeepsTheOrder() throws IOException {
        JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        assertKeepsTheOrder("docker-compose.yml", inCompose(services.path("export-worker"), "export-worker", QUEUED),
                inCompose(services.path("export-api"), "export-api", REDRIVE));
    }

    private static void assertKeepsTheOrder(String where, Duration queued, Duration redrive) {
        assertThat(keepsTheOrder(queued, redrive))
                .as("%s: %s %s is more than half of %s %s", where, QUEUED, queued, REDRIVE, redrive).isTrue();
    }

    static boolean keepsTheOrder(Duration queued, Duration redrive) {
        return queued.multipliedBy(2).compareTo(redrive) <= 0;
    }

    /**
     * The value a service's Deployment gives the key, as Kubernetes resolves it: {@code env} before {@code envFrom},
     * and of several ConfigMaps the last; else the service's default.
     */
    private static Duration inRendering(Rendering rendering, String service, String key) {
        Manifest deployment = rendering.all("Deployment").filter(manifest -> manifest.name().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("overlay " + rendering.overlay() + " deploys no " + service));
        String variable = ConfigKeys.toEnv(key);
        for (JsonNode container : deployment.podSpec().path("containers")) {
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals(variable) && env.has("value")) {
                    return ServiceFacts.duration(env.path("value").asText());
                }
            }
            Optional<String> fromConfigMaps = Optional.empty();
            for (JsonNode source : container.path("envFrom")) {
                String prefix = source.path("prefix").asText("");
                String name = source.path("configMapRef").path("name").asText();
                Optional<String> value = variable.startsWith(prefix)
                        ? rendering.find("ConfigMap", deployment.namespace(), name)
                                .map(map -> map.doc().path("data").path(variable.substring(prefix.length())))
                                .filter(JsonNode::isTextual).map(JsonNode::asText)
                        : Optional.empty();
                if (value.isPresent()) {
                    fromConfigMaps = value;
                }
            }
            if (fromConfigMaps.isPresent()) {
                return ServiceFacts.duration(fromConfigMaps.get());
            }
        }
        return defaultOf(service, key);
    }

    private static Duration inCompose(JsonNode definition, String service, String key) {
        JsonNode environment = definition.path("environment");
        JsonNode value = environment.path(ConfigKeys.toEnv(key));
        if (value.isValueNode()) {
            return ServiceFacts.duration(value.asText());
        }
        for (JsonNode entry : environment) {
            if (entry.isTextual() && entry.asText().startsWith(ConfigKeys.toEnv(key) + "=")) {
                return ServiceFacts.duration(entry.asText().substring(ConfigKeys.toEnv(key).length() + 1));
            }
        }
        return defaultOf(service, key);
    }

    /** What the service reads when nothing sets the key: its application.properties, else the mapping's default. */
    private static Duration defaultOf(String service, String key) {
        Path module = ROOT.resolve(service);
        Properties properties = ServiceFacts.properties(module.resolve("src/main/resources/application.properties"));
        if (properties.getProperty(key) != null) {
            return ServiceFacts.duration(properties.getProperty(key));
        }
        String prefix = "@ConfigMapping(prefix = \"" + key.substring(0, key.lastIndexOf('.')) + "\")";
        String method = methodName(key.substring(key.lastIndexOf('.') + 1));
        Pattern withDefault = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s+Duration " + method + "\\(\\)");
        for (Path file : ServiceFacts.javaFiles(module.resolve("src/main/java"))) {
            String source = ServiceFacts.read(file);
            Matcher found = withDefault.matcher(source);
            if (source.contains(prefix) && found.find()) {
                return ServiceFacts.duration(found.group(1));
            }
        }
        throw new AssertionError(service + " has no default for " + key);
    }

    /** {@code queued-report-after} → {@code queuedReportAfter}, the mapping's method. */
    private static String methodName(String kebab) {
        StringBuilder name = new StringBuilder();
        for (String part : kebab.split("-")) {
            name.append(name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }
}
