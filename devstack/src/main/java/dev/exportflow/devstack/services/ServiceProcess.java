package dev.exportflow.devstack.services;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as its own
 * process, as in production: the launcher and the system tests start, stop and kill these.
 */
public final class ServiceProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Service service;
    private final String instanceName;
    private final int port;
    private final ManagedProcess process;
    private final ClassDataArchive archive;

    private ServiceProcess(Service service, String instanceName, int port, ManagedProcess process, ClassDataArchive archive) {
        this.service = service;
        this.instanceName = instanceName;
        this.port = port;
        this.process = process;
        this.archive = archive;
    }

    /** Where the runnable jar of a service is, after {@code ./mvnw package}. */
    public static Path runnableJar(Service service) {
        return DevStackSettings.repositoryRoot().resolve(service.applicationName()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts a service and waits until {@code /q/health/ready} answers 200: its database answers and each of its Kafka
     * consumers has joined its group, so that an event published from now on is read at once.
     *
     * @param instanceName names the log file, e.g. {@code export-worker-2}
     * @param config the service's configuration (system properties)
     * @param jvmOptions e.g. {@code -Xmx128m}
     */
    public static ServiceProcess start(Service service, String instanceName, int port, Map<String, String> config,
            Path logDir, List<String> jvmOptions) {
        return launch(service, instanceName, port, config, logDir, jvmOptions).readyOrStopped();
    }

    /** Waits until this launched service is ready; stops it when it does not get there. */
    public ServiceProcess readyOrStopped() {
        try {
            awaitReady();
        } catch (RuntimeException e) {
            stop(Duration.ofSeconds(5));
            throw e;
        }
        return this;
    }

    /** As {@link #start}, without waiting for readiness: for tests of what a service says while it starts. */
    public static ServiceProcess launch(Service service, String instanceName, int port, Map<String, String> config,
            Path logDir, List<String> jvmOptions) {
        Path jar = runnableJar(service);
        if (!Files.exists(jar)) {
            throw new DevStackException(jar + " is missing: build it with ./mvnw package -DskipTests");
        }
        if (!Ports.isFree(port)) {
            throw new DevStackException("Cannot start " + instanceName + ": port " + port
                    + " on 127.0.0.1 is in use (is ./exportflow up already running?)");
        }
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(withServiceDefaults(service, jvmOptions));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=" + Ports.LOOPBACK);
        // the packaged services log JSON (production); a local log file is read by people
        command.add("-Dquarkus.log.console.json.enabled=false");
        // no trace collector runs locally: trace ids still travel in the headers, no span is exported
        command.add("-Dquarkus.otel.traces.sampler.arg=0");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        ClassDataArchive archive = ClassDataArchive.of(jar, instanceName);
        command.addAll(archive.jvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        Path logFile = logDir.resolve(instanceName + ".log");
        ManagedProcess process = ManagedProcess.start(instanceName, command, jar.getParent(), logFile, Map.of());
        return new ServiceProcess(service, instanceName, port, process, archive);
    }

    /**
     * The service's own JVM defaults followed by the caller's options. A caller that picks a garbage
     * collector replaces the service's choice: the JVM refuses to start with two.
     */
    static List<String> withServiceDefaults(Service service, List<String> jvmOptions) {
        boolean callerPicksCollector = jvmOptions.stream().anyMatch(ServiceProcess::selectsCollector);
        List<String> options = new ArrayList<>();
        service.jvmOptions().stream()
                .filter(option -> !(callerPicksCollector && selectsCollector(option)))
                .forEach(options::add);
        options.addAll(jvmOptions);
        return options;
    }

    private static boolean selectsCollector(String option) {
        return option.startsWith("-XX:+Use") && option.endsWith("GC");
    }

    public void awaitReady() {
        Ports.await(instanceName + " on port " + port, READY_TIMEOUT, process::isAlive, this::ready,
                what -> new DevStackException(what + ". Last lines of " + process.logFile() + ":\n" + process.logTail(40)));
    }

    public boolean ready() {
        return Ports.httpStatus(URI.create(baseUrl() + "/q/health/ready")) == 200;
    }

    public Service service() {
        return service;
    }

    public String instanceName() {
        return instanceName;
    }

    public String baseUrl() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** SIGTERM and a grace period, as Kubernetes stops a pod. */
    public void stop(Duration grace) {
        archive.settle(process.stop(grace));
    }

    /** SIGKILL: a crash. */
    public void kill() {
        process.kill();
        archive.settle(false);
    }
}
