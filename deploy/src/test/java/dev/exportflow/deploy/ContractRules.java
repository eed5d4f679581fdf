package dev.exportflow.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.exportflow.events.Topics.TopicSpec;

/**
 * The contract between the rendered manifests and the services. Each rule looks at one thing and returns one line per
 * violation, naming the file, the object and the field; an empty list means the overlay keeps the rule.
 */
final class ContractRules {

    /** One rule: what it checks, and the check. */
    record Rule(String description, Function<Rendering, List<String>> check) {

        @Override
        public String toString() {
            return description;
        }
    }

    private static final String HEALTH = "/q/health/";
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Pattern STRIMZI_BOOTSTRAP =
            Pattern.compile("^([a-z0-9-]+)-kafka-bootstrap(?:\\.([a-z0-9-]+))?(?:\\.svc(?:\\.[a-z0-9.-]+)?)?:\\d+$");

    private final Map<String, ServiceFacts> services;
    private final List<TopicSpec> topics;

    ContractRules(Map<String, ServiceFacts> services, List<TopicSpec> topics) {
        this.services = services;
        this.topics = topics;
    }

    List<Rule> all() {
        return List.of(
                new Rule("every service is deployed, and nothing else", this::everyServiceDeployed),
                new Rule("declared container ports are the service's quarkus.http.port", this::containerPorts),
                new Rule("probes are httpGet on /q/health/* at the service's port", this::probes),
                new Rule("every environment variable sets a key the service reads", this::environment),
                new Rule("pods and containers meet the restricted Pod Security profile", this::securityContext),
                new Rule("containers request CPU and memory and limit memory", this::resources),
                new Rule("images carry a tag, never latest", this::imageTags),
                new Rule("Kafka resources live in the Kafka cluster's namespace", this::kafkaNamespace),
                new Rule("KafkaTopics are Topics.ALL: names, partitions, retention", this::topicsAreTopicsAll),
                new Rule("every Deployment has a disruption budget that never blocks a drain", this::disruptionBudgets),
                new Rule("autoscaled Deployments fix no replicas, and stopping pods get their shutdown time", this::scaling));
    }

    List<String> everyServiceDeployed(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        Set<String> deployed = rendering.all("Deployment").map(Manifest::name).collect(Collectors.toSet());
        services.keySet().stream().filter(service -> !deployed.contains(service))
                .forEach(service -> violations.add(rendering.overlay() + ": no Deployment " + service));
        rendering.all("Deployment").filter(deployment -> !services.containsKey(deployment.name()))
                .forEach(deployment -> violations.add(deployment.where() + ": not one of the services " + services.keySet()));
        return violations;
    }

    List<String> containerPorts(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        forEachServiceContainer(rendering, (deployment, container, service) -> {
            JsonNode ports = container.path("ports");
            for (int i = 0; i < ports.size(); i++) {
                int port = ports.get(i).path("containerPort").asInt();
                if (port != service.httpPort()) {
                    violations.add(at(deployment, container) + ", ports[" + i + "].containerPort: " + port + " is not "
                            + service.name() + "'s quarkus.http.port " + service.httpPort());
                }
            }
        });
        return violations;
    }

    List<String> probes(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        forEachServiceContainer(rendering, (deployment, container, service) -> {
            for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode probe = container.path(kind);
                if (probe.isMissingNode()) {
                    if (!kind.equals("startupProbe")) {
                        violations.add(at(deployment, container) + ": no " + kind);
                    }
                    continue;
                }
                JsonNode http = probe.path("httpGet");
                if (http.isMissingNode()) {
                    violations.add(at(deployment, container) + ", " + kind + ": not an httpGet on " + HEALTH + "*");
                    continue;
                }
                String path = http.path("path").asText();
                if (!path.startsWith(HEALTH)) {
                    violations.add(at(deployment, container) + ", " + kind + ".httpGet.path: " + path + " is not under "
                            + HEALTH);
                }
                Optional<Integer> port = resolvePort(container, http.path("port"));
                if (port.isEmpty() || port.get() != service.httpPort()) {
                    violations.add(at(deployment, container) + ", " + kind + ".httpGet.port: " + http.path("port").asText()
                            + " is not " + service.name() + "'s quarkus.http.port " + service.httpPort());
                }
            }
        });
        return violations;
    }

    List<String> environment(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        forEachServiceContainer(rendering, (deployment, container, service) -> {
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (!service.keys().setBy(name)) {
                    violations.add(at(deployment, container) + ", env " + name + ": sets no configuration key "
                            + service.name() + " reads");
                }
            }
            for (JsonNode source : container.path("envFrom")) {
                String prefix = source.path("prefix").asText("");
                for (String kind : List.of("ConfigMap", "Secret")) {
                    JsonNode ref = source.path(kind.equals("ConfigMap") ? "configMapRef" : "secretRef");
                    if (ref.isMissingNode()) {
                        continue;
                    }
                    Optional<Manifest> data = rendering.find(kind, deployment.namespace(), ref.path("name").asText());
                    if (data.isEmpty()) {
                        // a Secret made outside git cannot be checked; a ConfigMap always can
                        if (kind.equals("ConfigMap") && !ref.path("optional").asBoolean(false)) {
                            violations.add(at(deployment, container) + ", envFrom configMapRef " + ref.path("name").asText()
                                    + ": no such ConfigMap");
                        }
                        continue;
                    }
                    data.get().doc().path("data").fieldNames().forEachRemaining(key -> {
                        if (!service.keys().setBy(prefix + key)) {
                            violations.add(data.get().where() + ", data." + key + " (envFrom of " + at(deployment, container)
                                    + "): sets no configuration key " + service.name() + " reads");
                        }
                    });
                }
            }
        });
        return violations;
    }

    List<String> securityContext(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        rendering.all("Deployment").forEach(deployment -> {
            JsonNode pod = deployment.podSpec().path("securityContext");
            if (!pod.path("runAsNonRoot").asBoolean(false)) {
                violations.add(deployment.where() + ", spec.template.spec.securityContext.runAsNonRoot: not true");
            }
            if (!"RuntimeDefault".equals(pod.path("seccompProfile").path("type").asText())) {
                violations.add(deployment.where()
                        + ", spec.template.spec.securityContext.seccompProfile.type: not RuntimeDefault");
            }
            for (JsonNode container : deployment.containers()) {
                JsonNode security = container.path("securityContext");
                String at = at(deployment, container) + ", securityContext.";
                if (!security.path("runAsNonRoot").asBoolean(false)) {
                    violations.add(at + "runAsNonRoot: not true");
                }
                if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(at + "allowPrivilegeEscalation: not false");
                }
                if (security.path("privileged").asBoolean(false)) {
                    violations.add(at + "privileged: true");
                }
                if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                    violations.add(at + "readOnlyRootFilesystem: not true");
                } else if (!tmpIsEmptyDir(deployment, container)) {
                    violations.add(at(deployment, container) + ", volumeMounts: no emptyDir at /tmp for the read-only root");
                }
                if (!contains(security.path("capabilities").path("drop"), "ALL")) {
                    violations.add(at + "capabilities.drop: does not drop ALL");
                }
                if (!security.path("capabilities").path("add").isEmpty()) {
                    violations.add(at + "capabilities.add: adds capabilities");
                }
                if (!"RuntimeDefault".equals(security.path("seccompProfile").path("type").asText())) {
                    violations.add(at + "seccompProfile.type: not RuntimeDefault");
                }
            }
        });
        return violations;
    }

    List<String> resources(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        rendering.all("Deployment").forEach(deployment -> deployment.containers().forEach(container -> {
            JsonNode resources = container.path("resources");
            for (String field : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                String[] path = field.split("\\.");
                if (resources.path(path[0]).path(path[1]).isMissingNode()) {
                    violations.add(at(deployment, container) + ", resources." + field + ": not set");
                }
            }
        }));
        return violations;
    }

    List<String> imageTags(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        rendering.all("Deployment").forEach(deployment -> deployment.containers().forEach(container ->
                tagProblem(container.path("image").asText())
                        .ifPresent(problem -> violations.add(at(deployment, container) + ", image: " + problem))));
        return violations;
    }

    /** What is wrong with an image reference's tag: none, or {@code latest}; a digest pins it too. */
    static Optional<String> tagProblem(String image) {
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        if (colon < 0) {
            return Optional.of(image + " has no tag");
        }
        return lastPart.substring(colon + 1).equals("latest") ? Optional.of(image + " is :latest") : Optional.empty();
    }

    /**
     * The services name the Strimzi cluster in their bootstrap address ({@code <cluster>-kafka-bootstrap.<namespace>:port},
     * no namespace meaning their own); its Topic and User Operators watch that namespace, so the KafkaTopics and
     * KafkaUsers must be there, labelled with the cluster.
     */
    List<String> kafkaNamespace(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        Set<String> clusters = new TreeSet<>();
        forEachServiceContainer(rendering, (deployment, container, service) -> {
            Optional<String> bootstrap = envValue(rendering, deployment, container, "KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap.isEmpty()) {
                violations.add(at(deployment, container) + ": no KAFKA_BOOTSTRAP_SERVERS");
                return;
            }
            Matcher strimzi = STRIMZI_BOOTSTRAP.matcher(bootstrap.get().split(",")[0].trim());
            if (!strimzi.matches()) {
                violations.add(at(deployment, container) + ", KAFKA_BOOTSTRAP_SERVERS: " + bootstrap.get()
                        + " is no Strimzi bootstrap service (<cluster>-kafka-bootstrap.<namespace>:<port>)");
                return;
            }
            clusters.add(strimzi.group(1) + "/" + Objects.requireNonNullElse(strimzi.group(2), deployment.namespace()));
        });
        if (clusters.size() > 1) {
            violations.add(rendering.overlay() + ": the services talk to different Kafka clusters " + clusters);
        }
        if (clusters.size() != 1) {
            return violations;
        }
        String[] cluster = clusters.iterator().next().split("/");
        rendering.manifests().stream().filter(manifest -> manifest.is("KafkaTopic") || manifest.is("KafkaUser"))
                .forEach(manifest -> {
                    if (!manifest.namespace().equals(cluster[1])) {
                        violations.add(manifest.where() + ", metadata.namespace: " + manifest.namespace()
                                + " is not the Kafka cluster's namespace " + cluster[1]);
                    }
                    if (!manifest.label("strimzi.io/cluster").orElse("").equals(cluster[0])) {
                        violations.add(manifest.where() + ", metadata.labels.strimzi.io/cluster: "
                                + manifest.label("strimzi.io/cluster").orElse("(none)") + " is not " + cluster[0]);
                    }
                });
        return violations;
    }

    List<String> topicsAreTopicsAll(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        Map<String, Manifest> declared = rendering.all("KafkaTopic").collect(Collectors.toMap(
                topic -> topic.doc().path("spec").path("topicName").asText(topic.name()), topic -> topic, (a, b) -> a));
        for (TopicSpec expected : topics) {
            Manifest topic = declared.remove(expected.name());
            if (topic == null) {
                violations.add(rendering.overlay() + ": no KafkaTopic " + expected.name() + " (Topics.ALL)");
                continue;
            }
            JsonNode spec = topic.doc().path("spec");
            if (spec.path("partitions").asInt() != expected.partitions()) {
                violations.add(topic.where() + ", spec.partitions: " + spec.path("partitions").asText()
                        + " is not Topics.ALL's " + expected.partitions());
            }
            long retention = spec.path("config").path("retention.ms").asLong(-1);
            if (retention != expected.retention().toMillis()) {
                violations.add(topic.where() + ", spec.config.retention.ms: " + spec.path("config").path("retention.ms").asText()
                        + " is not Topics.ALL's " + expected.retention().toMillis() + " (" + expected.retention() + ")");
            }
        }
        declared.values().forEach(extra -> violations.add(extra.where() + ": not in Topics.ALL"));
        return violations;
    }

    List<String> disruptionBudgets(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        rendering.all("Deployment").forEach(deployment -> {
            List<Manifest> budgets = rendering.all("PodDisruptionBudget")
                    .filter(budget -> budget.namespace().equals(deployment.namespace()))
                    .filter(budget -> selects(budget.doc().path("spec").path("selector"), deployment))
                    .toList();
            if (budgets.size() != 1) {
                violations.add(deployment.where() + ": " + budgets.size() + " PodDisruptionBudgets select its pods, not 1");
                return;
            }
            Manifest budget = budgets.get(0);
            int replicas = minimumReplicas(rendering, deployment);
            JsonNode spec = budget.doc().path("spec");
            if (spec.has("minAvailable") && pods(spec.path("minAvailable"), replicas) >= replicas) {
                violations.add(budget.where() + ", spec.minAvailable: " + spec.path("minAvailable").asText()
                        + " blocks every eviction with " + replicas + " replica(s) of " + deployment.name());
            }
            if (spec.has("maxUnavailable") && pods(spec.path("maxUnavailable"), replicas) < 1) {
                violations.add(budget.where() + ", spec.maxUnavailable: " + spec.path("maxUnavailable").asText()
                        + " blocks every eviction");
            }
        });
        return violations;
    }

    List<String> scaling(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        rendering.all("Deployment").forEach(deployment -> {
            List<Manifest> autoscalers = rendering.manifests().stream()
                    .filter(scaler -> scaler.is("ScaledObject") || scaler.is("HorizontalPodAutoscaler"))
                    .filter(scaler -> scaler.namespace().equals(deployment.namespace()))
                    .filter(scaler -> targets(scaler.doc().path("spec").path("scaleTargetRef"), deployment))
                    .toList();
            if (autoscalers.size() > 1) {
                violations.add(deployment.where() + ": scaled by " + autoscalers.size() + " autoscalers at once: "
                        + autoscalers.stream().map(Manifest::where).toList());
            }
            if (!autoscalers.isEmpty() && deployment.doc().path("spec").has("replicas")) {
                violations.add(deployment.where() + ", spec.replicas: fixed, while " + autoscalers.get(0).kind() + " "
                        + autoscalers.get(0).name() + " scales it (every apply would reset it)");
            }
            ServiceFacts service = services.get(deployment.name());
            if (service == null || service.shutdownTimeout().isEmpty()) {
                return;
            }
            JsonNode grace = deployment.podSpec().path("terminationGracePeriodSeconds");
            Duration given = grace.isNumber() ? Duration.ofSeconds(grace.asLong()) : DEFAULT_GRACE;
            if (given.compareTo(service.shutdownTimeout().get()) <= 0) {
                violations.add(deployment.where() + ", spec.template.spec.terminationGracePeriodSeconds: " + given.toSeconds()
                        + " s does not cover quarkus.shutdown.timeout " + service.shutdownTimeout().get().toSeconds() + " s");
            }
        });
        return violations;
    }

    /** The value of an environment variable as the container gets it: its own env first, else its ConfigMaps. */
    static Optional<String> envValue(Rendering rendering, Manifest deployment, JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name) && env.has("value")) {
                return Optional.of(env.path("value").asText());
            }
        }
        for (JsonNode source : container.path("envFrom")) {
            String prefix = source.path("prefix").asText("");
            if (!name.startsWith(prefix) || source.path("configMapRef").isMissingNode()) {
                continue;
            }
            Optional<String> value = rendering.find("ConfigMap", deployment.namespace(),
                    source.path("configMapRef").path("name").asText())
                    .map(map -> map.doc().path("data").path(name.substring(prefix.length())))
                    .filter(JsonNode::isTextual).map(JsonNode::asText);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private interface ContainerCheck {
        void check(Manifest deployment, JsonNode container, ServiceFacts service);
    }

    /** Each container of each service's Deployment (the one named like the Deployment: the service itself). */
    private void forEachServiceContainer(Rendering rendering, ContainerCheck check) {
        rendering.all("Deployment").forEach(deployment -> {
            ServiceFacts service = services.get(deployment.name());
            if (service == null) {
                return;
            }
            for (JsonNode container : deployment.doc().path("spec").path("template").path("spec").path("containers")) {
                if (container.path("name").asText().equals(deployment.name())) {
                    check.check(deployment, container, service);
                }
            }
        });
    }

    private static String at(Manifest deployment, JsonNode container) {
        return deployment.where() + ", container " + container.path("name").asText();
    }

    private static Optional<Integer> resolvePort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return Optional.of(port.asInt());
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return Optional.of(declared.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    private static boolean tmpIsEmptyDir(Manifest deployment, JsonNode container) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                for (JsonNode volume : deployment.podSpec().path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return volume.has("emptyDir");
                    }
                }
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a label selector (matchLabels only, as ours are) selects the Deployment's pods. */
    private static boolean selects(JsonNode selector, Manifest deployment) {
        JsonNode labels = deployment.doc().path("spec").path("template").path("metadata").path("labels");
        JsonNode wanted = selector.path("matchLabels");
        if (wanted.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = wanted.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!labels.path(entry.getKey()).asText().equals(entry.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    /** Pods meant by a budget value: a number, or a percentage of the replicas (rounded up, as Kubernetes does). */
    private static int pods(JsonNode value, int replicas) {
        String text = value.asText();
        if (text.endsWith("%")) {
            return (int) Math.ceil(Double.parseDouble(text.substring(0, text.length() - 1)) / 100 * replicas);
        }
        return Integer.parseInt(text);
    }

    /** The fewest replicas the Deployment runs with: its ScaledObject's minimum, else its replicas (default 1). */
    private static int minimumReplicas(Rendering rendering, Manifest deployment) {
        return scaledObject(rendering, deployment)
                .map(scaled -> scaled.doc().path("spec").path("minReplicaCount").asInt(0))
                .orElse(deployment.doc().path("spec").path("replicas").asInt(1));
    }

    private static Optional<Manifest> scaledObject(Rendering rendering, Manifest deployment) {
        return rendering.all("ScaledObject")
                .filter(scaled -> scaled.namespace().equals(deployment.namespace()))
                .filter(scaled -> targets(scaled.doc().path("spec").path("scaleTargetRef"), deployment))
                .findFirst();
    }

    private static boolean targets(JsonNode scaleTargetRef, Manifest deployment) {
        return scaleTargetRef.path("name").asText().equals(deployment.name())
                && scaleTargetRef.path("kind").asText("Deployment").equals("Deployment");
    }
}
