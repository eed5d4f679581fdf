package dev.exportflow.devstack.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.ServiceConfig.Service;

class ServiceProcessTest {

    @Test
    void workerKeepsItsCollectorWhenTheCallerPicksNone() {
        assertEquals(List.of("-XX:+UseParallelGC", "-Xmx256m"),
                ServiceProcess.withServiceDefaults(Service.WORKER, List.of("-Xmx256m")));
    }

    @Test
    void callersCollectorReplacesTheServiceDefault() {
        assertEquals(List.of("-Xmx96m", "-XX:+UseSerialGC"),
                ServiceProcess.withServiceDefaults(Service.WORKER, List.of("-Xmx96m", "-XX:+UseSerialGC")));
    }

    @Test
    void servicesWithoutDefaultsGetExactlyTheCallersOptions() {
        assertEquals(List.of("-Xmx256m", "-XX:+UseG1GC"),
                ServiceProcess.withServiceDefaults(Service.API, List.of("-Xmx256m", "-XX:+UseG1GC")));
    }
}
