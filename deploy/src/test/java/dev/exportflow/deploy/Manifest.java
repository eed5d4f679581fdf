package dev.exportflow.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One rendered Kubernetes object and the file it came from (kustomize's origin annotation), so that a
 * violation can name the file, the object and the field.
 */
record Manifest(String origin, JsonNode doc) {

    String kind() {
        return doc.path("kind").asText();
    }

    String name() {
        return doc.path("metadata").path("name").asText();
    }

    /** The namespace, or "" when the object has none. */
    String namespace() {
        return doc.path("metadata").path("namespace").asText();
    }

    boolean is(String kind) {
        return kind().equals(kind);
    }

    /** "deploy/base/export-api.yaml: Deployment export-api" */
    String where() {
        return origin + ": " + kind() + " " + name();
    }

    /** The pod template's spec of a Deployment. */
    JsonNode podSpec() {
        return doc.path("spec").path("template").path("spec");
    }

    /** The containers of a Deployment, init containers included. */
    List<JsonNode> containers() {
        List<JsonNode> all = new ArrayList<>();
        podSpec().path("initContainers").forEach(all::add);
        podSpec().path("containers").forEach(all::add);
        return all;
    }

    Optional<String> label(String key) {
        JsonNode value = doc.path("metadata").path("labels").path(key);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
