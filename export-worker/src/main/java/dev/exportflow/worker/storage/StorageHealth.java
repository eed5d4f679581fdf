package dev.exportflow.worker.storage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.HealthGroup;

/**
 * Whether the export bucket answers, for dashboards and people ({@code /q/health/group/dependencies}); never a probe:
 * while the store is down the worker keeps its jobs and retries them, a restart would not help.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class StorageHealth implements HealthCheck {

    private final ExportStorage storage;

    public StorageHealth(ExportStorage storage) {
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
