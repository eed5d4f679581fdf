package dev.exportflow.devstack.containers;

import java.util.List;
import java.util.OptionalLong;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.storage.S3Server;

/** MinIO as a container, with the devstack's keys and bucket. */
public final class ContainerS3Server extends S3Server {

    private final ServerContainer container;

    public ContainerS3Server(DevStackSettings settings) {
        super(settings);
        this.container = new ServerContainer(ContainerDefinitions.s3(settings), List.of(settings.s3Port()), logFile());
    }

    @Override
    public String flavour() {
        return "minio container";
    }

    @Override
    public void start() {
        container.start("MinIO container on " + url());
        createBucket();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void kill() {
        container.kill();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }
}
