package dev.exportflow.devstack.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ServiceConfig;

/** {@code ./exportflow devstack}: only the infrastructure, until Ctrl-C. */
final class DevStackCommand {

    private final Console console;

    DevStackCommand(Console console) {
        this.console = console;
    }

    int run(List<String> options) {
        DevStackSettings settings = options.contains("--test") ? DevStackSettings.test() : DevStackSettings.dev();
        console.line("Starting Kafka, PostgreSQL, S3 and SMTP under %s ...", settings.home());
        try (DevStack stack = DevStack.start(settings)) {
            if (!stack.owner()) {
                console.line("A devstack is already running there; nothing to do.");
                return 0;
            }
            Endpoints.print(console, stack);
            console.line("");
            console.line("Configuration for a service, e.g. export-api under quarkus:dev:");
            stack.serviceConfig(ServiceConfig.Service.API, "http://127.0.0.1:8080")
                    .forEach((key, value) -> console.line("  -D%s=%s", key, value));
            console.line("");
            console.line("Press Ctrl-C to stop.");
            awaitShutdown();
        }
        return 0;
    }

    /** Blocks until the JVM is asked to stop (SIGINT or SIGTERM); the stack's shutdown hook then stops the servers. */
    static void awaitShutdown() {
        CountDownLatch forever = new CountDownLatch(1);
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
