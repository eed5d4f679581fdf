package dev.exportflow.systemtests;

import java.util.List;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.shop.ShopData;

/**
 * The whole system for the system tests: the test devstack plus the three packaged services as
 * processes, started once per test JVM and stopped when it exits.
 */
final class SystemUnderTest {

    static final String TENANT = ShopData.TENANTS.get(0);
    static final String OTHER_TENANT = ShopData.TENANTS.get(1);
    static final long ORDERS = 3_000;
    static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseG1GC");

    private static LocalSystem system;

    private SystemUnderTest() {
    }

    static synchronized LocalSystem get() {
        if (system == null) {
            DevStack stack = DevStack.start(DevStackSettings.test());
            stack.shop().ensureOrders(TENANT, ORDERS, true);
            stack.shop().ensureOrders(OTHER_TENANT, ORDERS / 10, true);
            system = LocalSystem.start(stack, false, SERVICE_JVM_OPTIONS);
        }
        return system;
    }
}
