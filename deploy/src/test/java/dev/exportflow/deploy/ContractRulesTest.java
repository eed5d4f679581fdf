package dev.exportflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.exportflow.events.Topics.TopicSpec;

/** Each rule of {@link ContractRules} fails on a manifest that breaks it, and names the file, object and field. */
class ContractRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final ServiceFacts WORKER = new ServiceFacts("export-worker", 8081, "export-worker",
            Optional.of(Duration.ofSeconds(40)), new ConfigKeys().add("kafka.*").add("quarkus.datasource.jdbc.*")
                    .add("exportflow.worker.concurrency").addAll(ServiceFacts.IMAGE_VARIABLES));

    private static final ContractRules RULES = new ContractRules(Map.of("export-worker", WORKER),
            List.of(new TopicSpec("export-requested", 12, Duration.ofDays(7))));

    /** A worker that keeps every rule; each test breaks one thing in it. */
    private static final String GOOD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: export-worker, namespace: exportflow}
            spec:
              selector: {matchLabels: {app: export-worker}}
              template:
                metadata: {labels: {app: export-worker}}
                spec:
                  terminationGracePeriodSeconds: 60
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: export-worker
                      image: exportflow/export-worker:1.0.0
                      ports: [{name: http, containerPort: 8081}]
                      envFrom: [{configMapRef: {name: worker-config}}]
                      env:
                        - {name: EXPORTFLOW_WORKER_CONCURRENCY, value: "2"}
                        - {name: JAVA_MAX_MEM_RATIO, value: "50"}
                      startupProbe: {httpGet: {path: /q/health/started, port: http}}
                      readinessProbe: {httpGet: {path: /q/health/ready, port: http}}
                      livenessProbe: {httpGet: {path: /q/health/live, port: 8081}}
                      resources: {requests: {cpu: 500m, memory: 640Mi}, limits: {memory: 640Mi}}
                      securityContext:
                        runAsNonRoot: true
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities: {drop: [ALL]}
                        seccompProfile: {type: RuntimeDefault}
                      volumeMounts: [{name: tmp, mountPath: /tmp}]
                  volumes: [{name: tmp, emptyDir: {}}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: worker-config, namespace: exportflow}
            data:
              KAFKA_BOOTSTRAP_SERVERS: exportflow-kafka-bootstrap.kafka:9093
              QUARKUS_DATASOURCE_JDBC_URL: jdbc:postgresql://db:5432/worker
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: export-worker, namespace: exportflow}
            spec: {maxUnavailable: 1, selector: {matchLabels: {app: export-worker}}}
            ---
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: export-worker, namespace: exportflow}
            spec: {scaleTargetRef: {name: export-worker}, minReplicaCount: 2, maxReplicaCount: 10}
            ---
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata: {name: export-requested, namespace: kafka, labels: {strimzi.io/cluster: exportflow}}
            spec: {partitions: 12, replicas: 3, config: {retention.ms: 604800000}}
            """;

    @Test
    void theGoodManifestsKeepEveryRule() {
        Rendering good = rendering(GOOD);
        assertThat(RULES.all()).allSatisfy(rule -> assertThat(rule.check().apply(good)).as(rule.description()).isEmpty());
    }

    @Test
    void aDeclaredPortOtherThanTheHttpPortFails() {
        assertThat(RULES.containerPorts(rendering(GOOD.replace("containerPort: 8081", "containerPort: 8080"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "ports[0].containerPort: 8080 is not export-worker's quarkus.http.port 8081");
    }

    @Test
    void aProbeOnAnotherPortOrOffTheHealthPathsFails() {
        String broken = change(change(GOOD, "livenessProbe: {httpGet: {path: /q/health/live, port: 8081}}",
                "livenessProbe: {httpGet: {path: /q/health/live, port: 8080}}"),
                "path: /q/health/ready", "path: /ready");
        assertThat(RULES.probes(rendering(broken))).containsExactly(
                "deploy/test.yaml: Deployment export-worker, container export-worker, readinessProbe.httpGet.path: "
                        + "/ready is not under /q/health/",
                "deploy/test.yaml: Deployment export-worker, container export-worker, livenessProbe.httpGet.port: "
                        + "8080 is not export-worker's quarkus.http.port 8081");
        assertThat(RULES.probes(rendering(change(GOOD, "readinessProbe: {httpGet: {path: /q/health/ready, port: http}}",
                "readinessProbe: {tcpSocket: {port: http}}")))).containsExactly("deploy/test.yaml: Deployment export-worker, "
                        + "container export-worker, readinessProbe: not an httpGet on /q/health/*");
    }

    @Test
    void anEnvironmentVariableThatSetsNoKeyFails() {
        String broken = change(change(GOOD, "EXPORTFLOW_WORKER_CONCURRENCY", "EXPORTFLOW_WORKER_CONCURENCY"),
                "  QUARKUS_DATASOURCE_JDBC_URL:", "  API_JDBC_URL:");
        assertThat(RULES.environment(rendering(broken))).containsExactly(
                "deploy/test.yaml: Deployment export-worker, container export-worker, env EXPORTFLOW_WORKER_CONCURENCY: "
                        + "sets no configuration key export-worker reads",
                "deploy/test.yaml: ConfigMap worker-config, data.API_JDBC_URL (envFrom of deploy/test.yaml: Deployment "
                        + "export-worker, container export-worker): sets no configuration key export-worker reads");
        assertThat(RULES.environment(rendering(change(GOOD, "configMapRef: {name: worker-config}",
                "configMapRef: {name: wroker-config}")))).containsExactly("deploy/test.yaml: Deployment export-worker, "
                        + "container export-worker, envFrom configMapRef wroker-config: no such ConfigMap");
    }

    @Test
    void aMissingSecurityContextItemFails() {
        assertThat(RULES.securityContext(rendering(change(GOOD, "allowPrivilegeEscalation: false", "privileged: false"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "securityContext.allowPrivilegeEscalation: not false");
        assertThat(RULES.securityContext(rendering(change(GOOD, "drop: [ALL]", "drop: [NET_RAW]"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "securityContext.capabilities.drop: does not drop ALL");
        assertThat(RULES.securityContext(rendering(change(GOOD, "securityContext: {runAsNonRoot: true, seccompProfile: {type: "
                + "RuntimeDefault}}", "securityContext: {runAsNonRoot: true}")))).containsExactly("deploy/test.yaml: "
                        + "Deployment export-worker, spec.template.spec.securityContext.seccompProfile.type: not RuntimeDefault");
        assertThat(RULES.securityContext(rendering(change(GOOD, "emptyDir: {}", "configMap: {name: tmp}"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "volumeMounts: no emptyDir at /tmp for the read-only root");
    }

    @Test
    void missingResourcesFail() {
        assertThat(RULES.resources(rendering(change(GOOD, ", limits: {memory: 640Mi}", ""))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "resources.limits.memory: not set");
    }

    @Test
    void anImageWithoutTagOrAtLatestFails() {
        assertThat(RULES.imageTags(rendering(change(GOOD, "export-worker:1.0.0", "export-worker:latest"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "image: exportflow/export-worker:latest is :latest");
        assertThat(RULES.imageTags(rendering(change(GOOD, "image: exportflow/export-worker:1.0.0",
                "image: registry.example.com:5000/exportflow/export-worker"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "image: registry.example.com:5000/exportflow/export-worker has no tag");
        assertThat(RULES.imageTags(rendering(change(GOOD, "export-worker:1.0.0", "export-worker@sha256:0123abcd")))).isEmpty();
    }

    @Test
    void aKafkaTopicOutsideTheKafkaClustersNamespaceFails() {
        assertThat(RULES.kafkaNamespace(rendering(change(GOOD, "name: export-requested, namespace: kafka",
                "name: export-requested, namespace: exportflow")))).containsExactly("deploy/test.yaml: KafkaTopic "
                        + "export-requested, metadata.namespace: exportflow is not the Kafka cluster's namespace kafka");
        // without a namespace in the address the cluster is in the services' own namespace
        assertThat(RULES.kafkaNamespace(rendering(change(GOOD, "exportflow-kafka-bootstrap.kafka:9093",
                "exportflow-kafka-bootstrap:9092")))).containsExactly("deploy/test.yaml: KafkaTopic export-requested, "
                        + "metadata.namespace: kafka is not the Kafka cluster's namespace exportflow");
        assertThat(RULES.kafkaNamespace(rendering(change(GOOD, "exportflow-kafka-bootstrap.kafka:9093", "broker-1:9092"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, container export-worker, "
                        + "KAFKA_BOOTSTRAP_SERVERS: broker-1:9092 is no Strimzi bootstrap service "
                        + "(<cluster>-kafka-bootstrap.<namespace>:<port>)");
    }

    @Test
    void topicsThatDifferFromTopicsAllFail() {
        assertThat(RULES.topicsAreTopicsAll(rendering(change(change(GOOD, "partitions: 12", "partitions: 6"),
                "retention.ms: 604800000", "retention.ms: 86400000")))).containsExactly(
                "deploy/test.yaml: KafkaTopic export-requested, spec.partitions: 6 is not Topics.ALL's 12",
                "deploy/test.yaml: KafkaTopic export-requested, spec.config.retention.ms: 86400000 is not Topics.ALL's "
                        + "604800000 (PT168H)");
        assertThat(RULES.topicsAreTopicsAll(rendering(change(GOOD, "name: export-requested,", "name: export-requests,"))))
                .containsExactly("test: no KafkaTopic export-requested (Topics.ALL)",
                        "deploy/test.yaml: KafkaTopic export-requests: not in Topics.ALL");
    }

    @Test
    void aDisruptionBudgetThatBlocksDrainsFails() {
        assertThat(RULES.disruptionBudgets(rendering(change(GOOD, "maxUnavailable: 1", "minAvailable: 2"))))
                .containsExactly("deploy/test.yaml: PodDisruptionBudget export-worker, spec.minAvailable: 2 blocks every "
                        + "eviction with 2 replica(s) of export-worker");
        assertThat(RULES.disruptionBudgets(rendering(change(GOOD, "maxUnavailable: 1", "maxUnavailable: 0"))))
                .containsExactly("deploy/test.yaml: PodDisruptionBudget export-worker, spec.maxUnavailable: 0 blocks "
                        + "every eviction");
        assertThat(RULES.disruptionBudgets(rendering(change(GOOD, "{matchLabels: {app: export-worker}}}",
                "{matchLabels: {app: notifier}}}")))).containsExactly("deploy/test.yaml: Deployment export-worker: "
                        + "0 PodDisruptionBudgets select its pods, not 1");
    }

    @Test
    void fixedReplicasUnderAnAutoscalerOrTooShortAGracePeriodFail() {
        assertThat(RULES.scaling(rendering(change(GOOD, "spec:\n  selector:", "spec:\n  replicas: 3\n  selector:"))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, spec.replicas: fixed, while ScaledObject "
                        + "export-worker scales it (every apply would reset it)");
        assertThat(RULES.scaling(rendering(change(GOOD, "      terminationGracePeriodSeconds: 60\n", ""))))
                .containsExactly("deploy/test.yaml: Deployment export-worker, spec.template.spec.terminationGracePeriodSeconds: "
                        + "30 s does not cover quarkus.shutdown.timeout 40 s");
    }

    @Test
    void aDeploymentOfNoServiceOrAMissingServiceFails() {
        assertThat(RULES.everyServiceDeployed(rendering(GOOD.replace("export-worker", "export-wroker")))).containsExactly(
                "test: no Deployment export-worker",
                "deploy/test.yaml: Deployment export-wroker: not one of the services [export-worker]");
    }

    /** The text with one change; fails when the text to change is not there, so that no test checks nothing. */
    private static String change(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    private static Rendering rendering(String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            docs.forEachRemaining(doc -> manifests.add(new Manifest("deploy/test.yaml", doc)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Rendering("test", manifests);
    }
}
