package dev.exportflow.devstack.containers;

import java.util.List;
import java.util.OptionalLong;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.postgres.PostgresServer;

/** PostgreSQL as a container, provisioned with the same databases and roles as the process. */
public final class ContainerPostgresServer extends PostgresServer {

    private final ServerContainer container;

    public ContainerPostgresServer(DevStackSettings settings) {
        super(settings);
        this.container = new ServerContainer(ContainerDefinitions.postgres(settings), List.of(settings.postgresPort()),
                logFile());
    }

    @Override
    public void start() {
        container.start("PostgreSQL container");
        provision();
    }

    @Override
    public void stop() {
        container.stop();
    }

    /** Kills the container at once, as a crash would. */
    public void kill() {
        container.kill();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }
}
