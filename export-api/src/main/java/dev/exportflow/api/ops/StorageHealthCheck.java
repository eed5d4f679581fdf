package dev.exportflow.api.ops;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.storage.ObjectStorage;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the object store answers and the export bucket exists (downloads and retention need it). */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

    private final ObjectStorage storage;

    public StorageHealthCheck(ObjectStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.builder().name("object storage").status(storage.bucketExists())
                    .withData("bucket", storage.bucket()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().name("object storage").down().withData("bucket", storage.bucket())
                    .withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
