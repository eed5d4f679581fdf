package dev.exportflow.systemtests;

import dev.exportflow.devstack.services.LocalSystem;

import org.junit.jupiter.api.BeforeAll;

/** What every system test uses: the running system, its public API and what it did on the servers. */
abstract class SystemTest {

    static LocalSystem system;
    static ExportApiClient api;
    static Observed observed;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
        api = new ExportApiClient(system.apiBaseUrl());
        observed = new Observed(system.stack());
    }
}
