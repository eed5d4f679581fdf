package dev.exportflow.devstack.cli;

import java.util.List;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.auth.DevTokens;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.shop.ShopData;

/**
 * {@code ./exportflow up}: the infrastructure, demo data and the three services, until Ctrl-C.
 */
final class UpCommand {

    static final String DEMO_USER = "demo";
    static final String DEMO_EMAIL = "demo@example.com";
    /** Each service's JVM options, here and in the benches (where the worker's heap is not what they measure). */
    static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx256m");
    /**
     * The api's heap is all there from the start: under a stream of requests G1 otherwise kept it at 156 – 165 MB of
     * the 256, its young generation shrank to 10 – 14 MB beside old regions not yet marked, and a young collection
     * came every 110 ms, in flight during most of the slowest requests (docs/benchmark.md).
     */
    static final List<String> API_JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m");

    static List<String> jvmOptions(Service service) {
        return service == Service.API ? API_JVM_OPTIONS : SERVICE_JVM_OPTIONS;
    }

    private final Console console;

    UpCommand(Console console) {
        this.console = console;
    }

    int run(List<String> options) {
        long orders = Long.parseLong(ExportFlowCli.option(options, "--orders", "100000"));
        long started = System.nanoTime();
        try (LocalSystem system = startSystem(console, DevStackSettings.dev(), orders)) {
            RunningSystem.record(system.stack().settings(), system.apiBaseUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> RunningSystem.forget(system.stack().settings())));
            if (!system.stack().owner()) {
                Runtime.getRuntime().addShutdownHook(new Thread(system::close));
            }
            printWelcome(system, (System.nanoTime() - started) / 1_000_000_000.0);
            DevStackCommand.awaitShutdown();
        }
        return 0;
    }

    /** Starts (or reuses) the dev stack, fills the demo shop and starts the services. */
    static LocalSystem startSystem(Console console, DevStackSettings settings, long orders) {
        console.line("Starting Kafka, PostgreSQL, S3 and SMTP under %s ...", settings.home());
        DevStack stack = DevStack.start(settings);
        try {
            ShopData shop = stack.shop();
            long added = shop.ensureOrders(ShopData.TENANTS.get(0), orders, true)
                    + shop.ensureOrders(ShopData.TENANTS.get(1), Math.max(10, orders / 10), true);
            console.line("Demo shop: %,d orders for tenant %s%s", shop.orderCount(ShopData.TENANTS.get(0)),
                    ShopData.TENANTS.get(0), added > 0 ? " (" + String.format("%,d", added) + " generated)" : "");
            console.line("Starting export-api, export-worker and notifier ...");
            return LocalSystem.start(stack, true, UpCommand::jvmOptions);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void printWelcome(LocalSystem system, double seconds) {
        DevTokens tokens = system.stack().tokens();
        String api = system.apiBaseUrl();
        console.line("");
        console.line("ExportFlow is up (%.1f s).", seconds);
        console.line("");
        String token = tokens.mint(DEMO_USER, DEMO_EMAIL);
        console.line("  Web UI        %s/#token=%s", api, token);
        console.line("  API           %s/api/exports   (OpenAPI %s/q/openapi)", api, api);
        for (var service : system.services()) {
            if (service.service() != Service.API) {
                console.line("  %-13s %s/q/health   (metrics %s/q/metrics)", service.instanceName(), service.baseUrl(),
                        service.baseUrl());
            }
        }
        console.line("  Mailbox       %s/api/user/%s/messages/", system.stack().endpoints().mailApiUrl(), DEMO_EMAIL);
        console.line("  Logs          %s", system.logDir());
        console.line("");
        console.line("Bearer token for user '%s' (%s), valid 12 h:", DEMO_USER, DEMO_EMAIL);
        console.line("  %s", token);
        console.line("");
        console.line("Try it:  ./exportflow demo        (in another terminal)");
        console.line("Press Ctrl-C to stop everything.");
    }
}
