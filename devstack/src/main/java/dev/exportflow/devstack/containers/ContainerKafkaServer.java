package dev.exportflow.devstack.containers;

import java.util.List;
import java.util.OptionalLong;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.kafka.KafkaServer;

/** The Kafka broker as a container (plain listener only: the TLS + SASL listener is a feature of the process). */
public final class ContainerKafkaServer extends KafkaServer {

    private final ServerContainer container;

    public ContainerKafkaServer(DevStackSettings settings) {
        super(settings);
        this.container = new ServerContainer(ContainerDefinitions.kafka(settings), List.of(settings.kafkaPort()), logFile());
    }

    @Override
    public void start() {
        container.start("Kafka container on " + bootstrapServers());
        createTopics();
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
