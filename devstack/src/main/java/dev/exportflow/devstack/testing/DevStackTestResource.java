package dev.exportflow.devstack.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ServiceConfig;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} the real servers of a devstack (test settings: ports from 28100,
 * data under {@code .devstack/test}, wiped on a fresh start). Name the service under test with the
 * init argument {@code service} ({@code api}, {@code worker} or {@code notifier}).
 *
 * <p>One stack serves every test of the JVM and stops when the JVM exits, so that a test class
 * that restarts Quarkus with another profile does not restart Kafka and PostgreSQL.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Where emailed links point in tests; the api's real port is chosen at random. */
    public static final String TEST_API_BASE_URL = "http://127.0.0.1:8080";

    private static DevStack stack;

    private ServiceConfig.Service service = ServiceConfig.Service.API;

    /** The running stack, started on first use. */
    public static synchronized DevStack stack() {
        if (stack == null) {
            stack = DevStack.start(DevStackSettings.test());
        }
        return stack;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey("service")) {
            service = ServiceConfig.Service.named(initArgs.get("service"));
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(stack().serviceConfig(service, TEST_API_BASE_URL));
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // The stack outlives one Quarkus application: it stops with the JVM (see DevStack's shutdown hook).
    }
}
