package dev.exportflow.systemtests;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.devstack.shop.ShopData;

/**
 * The whole system for the system tests: the test devstack plus the three packaged services as
 * processes, started once per test JVM and stopped when it exits. Tests that kill or stop a
 * service start it again before they end, so that no test depends on another.
 */
final class SystemUnderTest {

    static final String TENANT = ShopData.TENANTS.get(0);
    static final String OTHER_TENANT = ShopData.TENANTS.get(1);
    static final long ORDERS = 3_000;
    /** A tenant whose export takes seconds and is larger than a small worker heap. */
    static final String BULK_TENANT = "bulk";
    static final long BULK_ORDERS = 1_200_000;

    static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx256m");
    /** Short leases, so that recovering from a killed worker takes seconds, not the production 30 s. */
    static final List<String> WORKER_JVM_OPTIONS = List.of("-Xmx256m",
            "-Dexportflow.worker.lease=PT6S", "-Dexportflow.worker.reaper-interval=PT1S");

    private static LocalSystem system;

    private SystemUnderTest() {
    }

    static synchronized LocalSystem get() {
        if (system == null) {
            // fsync and synchronous commits, as a production server: FaultMatrixIT stops PostgreSQL mid-flight
            DevStack stack = DevStack.start(DevStackSettings.test().asDurable());
            stack.shop().ensureOrders(TENANT, ORDERS, true);
            stack.shop().ensureOrders(OTHER_TENANT, ORDERS / 10, true);
            // the bulk tenant's rows (most of a minute on a fresh stack) are written while the services start
            CompletableFuture<Long> bulk = InBackground.supply("bulk-orders",
                    () -> stack.shop().ensureOrders(BULK_TENANT, BULK_ORDERS, false));
            system = LocalSystem.start(stack, false, SystemUnderTest::jvmOptions);
            bulk.join();
        }
        return system;
    }

    static List<String> jvmOptions(Service service) {
        return service == Service.WORKER ? WORKER_JVM_OPTIONS : SERVICE_JVM_OPTIONS;
    }

    /**
     * Stops the shared services (SIGTERM and their grace) so that a test can run a set of its own on the same stack
     * without another instance joining its consumer groups; {@link #resumeSharedServices()} starts them again.
     */
    static synchronized List<ServiceProcess> pauseSharedServices() {
        return get().stopAll();
    }

    /** Starts again what {@link #pauseSharedServices()} stopped, on the same ports. */
    static synchronized void resumeSharedServices(List<ServiceProcess> paused) {
        system.restartAll(paused, SystemUnderTest::jvmOptions);
    }
}
