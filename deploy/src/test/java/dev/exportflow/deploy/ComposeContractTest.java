package dev.exportflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * docker-compose.yml stays readable by Compose v1 and v2, pins every image, and checks the health of each service
 * it builds on the service's own port. (The full schema checks are in docs/operations.md#docker-compose.)
 */
class ComposeContractTest {

    private static final Path ROOT = Path.of(System.getProperty("exportflow.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theComposeFileKeepsTheContract() throws IOException {
        Map<String, Integer> ports = Map.of("export-api", 8080, "export-worker", 8081, "notifier", 8082);
        ServiceFacts.SERVICES.forEach(service -> assertThat(ServiceFacts.load(ROOT, service).httpPort())
                .as(service).isEqualTo(ports.get(service)));
        assertThat(violations(YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()), ports)).isEmpty();
    }

    @Test
    void aTopLevelNameAFloatingImageOrAMissingHealthCheckFails() throws IOException {
        JsonNode broken = YAML.readTree("""
                name: exportflow
                services:
                  minio: {image: minio/minio:latest}
                  mailpit: {image: axllent/mailpit}
                  notifier:
                    build: {context: ./notifier}
                    image: exportflow/notifier:1.0.0-SNAPSHOT
                    healthcheck: {test: [CMD, bash, -c, "exec 3<>/dev/tcp/127.0.0.1/8080"]}
                """);
        assertThat(violations(broken, Map.of("notifier", 8082))).containsExactly(
                "docker-compose.yml: top-level name: Compose v1 refuses it",
                "docker-compose.yml: service minio, image: minio/minio:latest is :latest",
                "docker-compose.yml: service mailpit, image: axllent/mailpit has no tag",
                "docker-compose.yml: service notifier, healthcheck.test: does not ask /q/health/ on port 8082");
    }

    private static List<String> violations(JsonNode compose, Map<String, Integer> ports) {
        List<String> violations = new ArrayList<>();
        if (compose.has("name")) {
            violations.add("docker-compose.yml: top-level name: Compose v1 refuses it");
        }
        compose.path("services").fields().forEachRemaining(entry -> {
            String service = entry.getKey();
            JsonNode definition = entry.getValue();
            if (definition.has("image")) {
                ContractRules.tagProblem(definition.path("image").asText()).ifPresent(problem ->
                        violations.add("docker-compose.yml: service " + service + ", image: " + problem));
            } else {
                violations.add("docker-compose.yml: service " + service + ": no image (a build names its tag too)");
            }
            if (definition.has("build")) {
                String test = definition.path("healthcheck").path("test").toString();
                Integer port = ports.get(service);
                if (port == null || !test.contains("/q/health/") || !test.contains("/" + port)) {
                    violations.add("docker-compose.yml: service " + service
                            + ", healthcheck.test: does not ask /q/health/ on port " + port);
                }
            }
        });
        return violations;
    }
}
