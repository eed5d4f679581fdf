package dev.exportflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A module's pom may give its tests a stack of their own, so that modules can be tested side by side (.ci/run -T 2). */
class DevStackSettingsTest {

    private static final String STACK = "exportflow.devstack.test-stack";
    private static final String PORT_BASE = "exportflow.devstack.test-port-base";

    private Properties saved;

    @BeforeEach
    void save() {
        saved = (Properties) System.getProperties().clone();
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    @Test
    void withoutAModuleStackTheTestsShareTheOneUnderDotDevstackTest() {
        System.clearProperty(STACK);
        System.clearProperty(PORT_BASE);
        assertThat(System.getenv("EXPORTFLOW_DEVSTACK_PORT_BASE")).as("the environment moves every stack").isNull();

        DevStackSettings settings = DevStackSettings.test();

        assertThat(settings.name()).isEqualTo("test");
        assertThat(settings.portBase()).isEqualTo(DevStackSettings.TEST_PORT_BASE);
        assertThat(settings.home()).isEqualTo(DevStackSettings.repositoryRoot().resolve(".devstack").resolve("test"));
        assertThat(settings.cleanStart()).isTrue();
    }

    @Test
    void aModuleStackHasItsOwnFolderAndPorts() {
        System.setProperty(STACK, " notifier ");
        System.setProperty(PORT_BASE, "28200");
        assertThat(System.getenv("EXPORTFLOW_DEVSTACK_HOME")).as("the environment moves every stack").isNull();

        DevStackSettings settings = DevStackSettings.test();

        assertThat(settings.name()).isEqualTo("test-notifier");
        assertThat(settings.portBase()).isEqualTo(28200);
        assertThat(settings.home()).isEqualTo(DevStackSettings.repositoryRoot().resolve(".devstack").resolve("test-notifier"));
    }

    @Test
    void blankPropertiesMeanTheSharedStack() {
        System.setProperty(STACK, "");
        System.setProperty(PORT_BASE, "");

        assertThat(DevStackSettings.test().name()).isEqualTo("test");
        assertThat(DevStackSettings.test().portBase()).isEqualTo(DevStackSettings.TEST_PORT_BASE);
    }
}
