package dev.exportflow.devstack.services;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.ServiceConfig;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.process.Ports;

/**
 * The whole system on one machine: a devstack plus export-api, export-worker and notifier as
 * processes. {@code ./exportflow up} and the system tests both run it.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final DevStack stack;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final String apiBaseUrl;
    private final Function<Service, Map<String, String>> overrides;

    private LocalSystem(DevStack stack, String apiBaseUrl, Function<Service, Map<String, String>> overrides) {
        this.stack = stack;
        this.apiBaseUrl = apiBaseUrl;
        this.overrides = overrides;
    }

    /**
     * Starts the three services against a running stack, in parallel.
     *
     * @param fixedPorts the well-known local ports (8080-8082) rather than free random ones
     */
    public static LocalSystem start(DevStack stack, boolean fixedPorts, List<String> jvmOptions) {
        return start(stack, fixedPorts, service -> jvmOptions);
    }

    /** As {@link #start(DevStack, boolean, List)}, with JVM options per service (e.g. a small heap for the worker). */
    public static LocalSystem start(DevStack stack, boolean fixedPorts, Function<Service, List<String>> jvmOptions) {
        return start(stack, fixedPorts, jvmOptions, service -> Map.of());
    }

    /**
     * As {@link #start(DevStack, boolean, Function)}, with configuration that replaces or adds to what the stack gives
     * each service (e.g. a datasource reached through a fault proxy); every later start of an instance gets it too.
     */
    public static LocalSystem start(DevStack stack, boolean fixedPorts, Function<Service, List<String>> jvmOptions,
            Function<Service, Map<String, String>> overrides) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, fixedPorts ? service.localPort() : stack.allocateServicePort());
        }
        LocalSystem system = new LocalSystem(stack, "http://" + Ports.LOOPBACK + ":" + ports.get(Service.API), overrides);
        stack.beforeStop(system::stopAll);
        try {
            atOnce(ports.entrySet(), entry -> system.launch(entry.getKey(), entry.getKey().applicationName(),
                    entry.getValue(), jvmOptions.apply(entry.getKey())));
        } catch (CompletionException e) {
            system.stopAll();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return system;
    }

    /** Starts one more instance of a service (e.g. a second worker) on a free port. */
    public ServiceProcess startInstance(Service service, String instanceName, List<String> jvmOptions) {
        return launch(service, instanceName, stack.allocateServicePort(), jvmOptions);
    }

    /** Stops one instance for good (SIGTERM and the grace period) and forgets it. */
    public void stop(ServiceProcess instance) {
        instance.stop(STOP_GRACE);
        synchronized (services) {
            services.remove(instance);
        }
    }

    /** Starts an instance again after a stop or kill, on the same port. */
    public ServiceProcess restart(ServiceProcess stopped, List<String> jvmOptions) {
        synchronized (services) {
            services.remove(stopped);
        }
        return launch(stopped.service(), stopped.instanceName(), stopped.port(), jvmOptions);
    }

    /** Starts again, side by side and on their ports, the instances {@link #stopAll()} stopped. */
    public void restartAll(List<ServiceProcess> stopped, Function<Service, List<String>> jvmOptions) {
        atOnce(stopped, process -> restart(process, jvmOptions.apply(process.service())));
    }

    private ServiceProcess launch(Service service, String instanceName, int port, List<String> jvmOptions) {
        Map<String, String> config = configOf(service);
        ServiceProcess process = ServiceProcess.start(service, instanceName, port, config, logDir(), jvmOptions);
        synchronized (services) {
            services.add(process);
        }
        return process;
    }

    public DevStack stack() {
        return stack;
    }

    public String apiBaseUrl() {
        return apiBaseUrl;
    }

    public ServiceProcess api() {
        return first(Service.API);
    }

    public ServiceProcess worker() {
        return first(Service.WORKER);
    }

    public ServiceProcess notifier() {
        return first(Service.NOTIFIER);
    }

    public List<ServiceProcess> services() {
        synchronized (services) {
            return List.copyOf(services);
        }
    }

    public Path logDir() {
        return stack.settings().logs();
    }

    private ServiceProcess first(Service service) {
        return services().stream().filter(process -> process.service() == service).findFirst()
                .orElseThrow(() -> new IllegalStateException(service.applicationName() + " is not running"));
    }

    /** Stops the services, then the stack if this process owns it. */
    @Override
    public void close() {
        stopAll();
        stack.close();
    }

    /**
     * Stops every instance side by side (SIGTERM and the grace period each) and forgets them; the stack stays up.
     *
     * @return the stopped instances, for {@link #restartAll}
     */
    public List<ServiceProcess> stopAll() {
        List<ServiceProcess> stopped = services();
        atOnce(stopped, process -> process.stop(STOP_GRACE));
        synchronized (services) {
            services.clear();
        }
        return stopped;
    }

    /** Does {@code action} to every item at once (each mostly waits on a process) and returns when all are done. */
    private static <T> void atOnce(Collection<T> items, Consumer<T> action) {
        items.stream().map(item -> CompletableFuture.runAsync(() -> action.accept(item))).toList()
                .forEach(CompletableFuture::join);
    }

    /** The configuration a service of this system gets (for tests that start one by hand). */
    public Map<String, String> configOf(Service service) {
        Map<String, String> config = new LinkedHashMap<>(ServiceConfig.of(service, stack.endpoints(), apiBaseUrl));
        if (service == Service.API) {
            // the packaged api runs in the prod profile; locally no identity provider runs, people paste a devstack
            // token (./exportflow token) unless an override configures a provider
            config.put("exportflow.ui.token-paste", "true");
        }
        config.putAll(overrides.apply(service));
        return config;
    }
}
