package dev.exportflow.worker.source;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.HealthGroup;

/**
 * Whether the source database answers, for dashboards and people ({@code /q/health/group/dependencies}); never a
 * probe: while it is down exports fail transiently and are retried, a restart would not help.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class SourceDatabaseHealth implements HealthCheck {

    private final SourceDatabase source;

    public SourceDatabaseHealth(SourceDatabase source) {
        this.source = source;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Source database").status(source.reachable()).build();
    }
}
