package dev.exportflow.systemtests;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.services.ServiceProcess;

/**
 * The three services with a configuration of their own (Kafka over TLS, databases behind fault proxies, short
 * timings) on the shared stack, while the shared services are stopped: no instance configured otherwise joins their
 * consumer groups or takes their jobs. Closing stops them and starts the shared services again.
 */
final class DedicatedServices implements AutoCloseable {

    private final LocalSystem system;
    private final List<ServiceProcess> paused;

    private DedicatedServices(LocalSystem system, List<ServiceProcess> paused) {
        this.system = system;
        this.paused = paused;
    }

    /**
     * @param overrides configuration that replaces or adds to what the stack gives each service, kept by every restart
     */
    static DedicatedServices start(Function<Service, List<String>> jvmOptions,
            Function<Service, Map<String, String>> overrides) {
        List<ServiceProcess> paused = SystemUnderTest.pauseSharedServices();
        try {
            return new DedicatedServices(LocalSystem.start(SystemUnderTest.get().stack(), false, jvmOptions, overrides),
                    paused);
        } catch (RuntimeException e) {
            SystemUnderTest.resumeSharedServices(paused);
            throw e;
        }
    }

    LocalSystem system() {
        return system;
    }

    @Override
    public void close() {
        try {
            system.stopAll();
        } finally {
            SystemUnderTest.resumeSharedServices(paused);
        }
    }
}
