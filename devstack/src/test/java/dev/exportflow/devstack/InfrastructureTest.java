package dev.exportflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import dev.exportflow.devstack.containers.ContainerKafkaServer;
import dev.exportflow.devstack.containers.ContainerMailServer;
import dev.exportflow.devstack.containers.ContainerPostgresServer;
import dev.exportflow.devstack.containers.ContainerS3Server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One switch chooses processes or containers; nothing here needs a Docker engine. */
class InfrastructureTest {

    @TempDir
    Path home;

    @Test
    void processesUnlessContainersAreAskedFor() {
        assertThat(Infrastructure.parse(null)).isEqualTo(Infrastructure.PROCESSES);
        assertThat(Infrastructure.parse(" ")).isEqualTo(Infrastructure.PROCESSES);
        assertThat(Infrastructure.parse("devstack")).isEqualTo(Infrastructure.PROCESSES);
        assertThat(Infrastructure.parse("containers")).isEqualTo(Infrastructure.CONTAINERS);
        assertThat(Infrastructure.parse(" Containers ")).isEqualTo(Infrastructure.CONTAINERS);
        assertThatThrownBy(() -> Infrastructure.parse("docker"))
                .isInstanceOf(DevStackException.class)
                .hasMessage("exportflow.test.infra must be 'devstack' (the default) or 'containers', not 'docker'");
    }

    @Test
    void theSwitchPicksEveryServerOfTheStack() {
        DevStackSettings settings = new DevStackSettings("t", home, 40100, true, false);

        StackServers processes = StackServers.of(settings, Infrastructure.PROCESSES);
        StackServers containers = StackServers.of(settings, Infrastructure.CONTAINERS);

        assertThat(processes.kafka()).isNotInstanceOf(ContainerKafkaServer.class);
        assertThat(processes.s3().flavour()).isIn("s3proxy", "minio");
        assertThat(containers.kafka()).isInstanceOf(ContainerKafkaServer.class);
        assertThat(containers.postgres()).isInstanceOf(ContainerPostgresServer.class);
        assertThat(containers.s3()).isInstanceOf(ContainerS3Server.class);
        assertThat(containers.mail()).isInstanceOf(ContainerMailServer.class);
        assertThat(containers.s3().url()).as("same address as the process").isEqualTo(processes.s3().url());
    }
}
