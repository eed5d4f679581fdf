package dev.exportflow.deploy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What one overlay renders to. */
record Rendering(String overlay, List<Manifest> manifests) {

    Stream<Manifest> all(String kind) {
        return manifests.stream().filter(manifest -> manifest.is(kind));
    }

    Optional<Manifest> find(String kind, String namespace, String name) {
        return all(kind).filter(manifest -> manifest.name().equals(name) && manifest.namespace().equals(namespace))
                .findFirst();
    }
}
