package dev.exportflow.worker.storage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the export bucket answers (the datasources and Kafka have their own checks). */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    private final ExportStorage storage;

    public StorageReadiness(ExportStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Object storage")
                .status(storage.reachable())
                .withData("bucket", storage.bucket())
                .build();
    }
}
