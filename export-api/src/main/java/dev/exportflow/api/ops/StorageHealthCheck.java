package dev.exportflow.api.ops;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.storage.ObjectStorage;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.HealthGroup;

/**
 * Whether the object store answers and the export bucket exists, in the health group {@code dependencies}
 * ({@code /q/health/group/dependencies}), for dashboards and people: not readiness, since an S3 outage only stops
 * downloads, and taking every api pod out of service for it would stop everything else too.
 */
@HealthGroup("dependencies")
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
