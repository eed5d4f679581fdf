package dev.exportflow.devstack.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.storage.S3Server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;

/**
 * The containers bind the devstack's own host ports, keep their data under the stack's home, and use pinned images.
 * Built, never started: this machine has no Docker engine, so the container path itself is not exercised here.
 */
class ContainerDefinitionsTest {

    private static final int BASE = 40100;

    @TempDir
    Path home;

    @Test
    void everyServerListensOnTheStacksOwnPorts() {
        DevStackSettings settings = settings(false);

        assertThat(ContainerDefinitions.kafka(settings).getPortBindings()).containsExactly(BASE + ":9092/tcp");
        assertThat(ContainerDefinitions.postgres(settings).getPortBindings()).containsExactly((BASE + 2) + ":5432/tcp");
        assertThat(ContainerDefinitions.s3(settings).getPortBindings()).containsExactly((BASE + 3) + ":9000/tcp");
        assertThat(ContainerDefinitions.mail(settings).getPortBindings())
                // Testcontainers keeps the bindings in a set: their order is not part of the contract
                .containsExactlyInAnyOrder((BASE + 4) + ":3025/tcp", (BASE + 5) + ":8080/tcp");
    }

    @Test
    void imagesArePinnedAndDataStaysUnderTheStacksHome() {
        DevStackSettings settings = settings(false);
        List<GenericContainer<?>> all = List.of(ContainerDefinitions.kafka(settings), ContainerDefinitions.postgres(settings),
                ContainerDefinitions.s3(settings), ContainerDefinitions.mail(settings));

        assertThat(List.of(ContainerDefinitions.KAFKA_IMAGE, ContainerDefinitions.POSTGRES_IMAGE,
                ContainerDefinitions.MINIO_IMAGE, ContainerDefinitions.MAIL_IMAGE))
                .allSatisfy(image -> assertThat(image).matches("[a-z/]+:[0-9A-Z][^:]*").doesNotEndWith(":latest"));
        assertThat(all.subList(0, 3)).allSatisfy(container -> assertThat(container.getBinds())
                .singleElement().satisfies(bind -> assertThat(bind.getPath()).startsWith(home.toString())));
    }

    @Test
    void postgresTrustsLocalConnectionsAndSyncsOnlyWhenTheStackIsDurable() {
        GenericContainer<?> quick = ContainerDefinitions.postgres(settings(false));
        GenericContainer<?> durable = ContainerDefinitions.postgres(settings(true));

        assertThat(quick.getEnvMap()).containsEntry("POSTGRES_HOST_AUTH_METHOD", "trust");
        assertThat(quick.getCommandParts()).contains("fsync=off", "synchronous_commit=off", "max_connections=200");
        assertThat(durable.getCommandParts()).contains("fsync=on", "synchronous_commit=on");
    }

    @Test
    void theObjectStoreAndTheMailServerAreConfiguredAsTheProcessesAre() {
        MinIOContainer minio = (MinIOContainer) ContainerDefinitions.s3(settings(false));
        GenericContainer<?> mail = ContainerDefinitions.mail(settings(false));

        assertThat(minio.getUserName()).isEqualTo(S3Server.ACCESS_KEY);
        assertThat(minio.getPassword()).isEqualTo(S3Server.SECRET_KEY);
        assertThat(mail.getEnvMap().get("GREENMAIL_OPTS")).contains("-Dgreenmail.auth.disabled", "-Dgreenmail.api.port=8080");
    }

    private DevStackSettings settings(boolean durable) {
        DevStackSettings settings = new DevStackSettings("containers", home, BASE, true, false);
        return durable ? settings.asDurable() : settings;
    }
}
