package dev.exportflow.worker.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.ServiceConfig;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.devstack.testing.DevStackTestResource;

/**
 * The packaged worker ({@code quarkus-run.jar}, {@code -Xmx128m}) as a process of its own against the test stack, with
 * the test datasets and leases, reaper and shutdown grace of seconds.
 */
public final class PackagedWorkers {

    private PackagedWorkers() {
    }

    /** Starts a worker and waits until it is ready. */
    public static ServiceProcess start(String name, Map<String, String> overrides) {
        return launch(name, overrides).readyOrStopped();
    }

    /** Starts a worker and returns at once, before it is ready. */
    public static ServiceProcess launch(String name, Map<String, String> overrides) {
        Map<String, String> config = new LinkedHashMap<>(WorkerTestStack.stack()
                .serviceConfig(ServiceConfig.Service.WORKER, DevStackTestResource.TEST_API_BASE_URL));
        config.put("quarkus.config.locations", "exportflow-datasets.properties,"
                + Path.of("target/test-classes/test-datasets.properties").toAbsolutePath());
        config.put("exportflow.worker.lease", "PT6S");
        config.put("exportflow.worker.reaper-interval", "PT2S");
        config.put("exportflow.worker.shutdown-grace", "PT3S");
        config.put("exportflow.worker.fetch-size", "200");
        config.putAll(overrides);
        Path logs = WorkerTestStack.stack().settings().logs();
        return ServiceProcess.launch(ServiceConfig.Service.WORKER, name, WorkerTestStack.stack().allocateServicePort(),
                config, logs, List.of("-Xmx128m"));
    }
}
