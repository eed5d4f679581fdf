package dev.exportflow.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.devstack.testing.TestBucket;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * What the fault-matrix scenarios run against and break: the three services plus a second worker, dedicated to the
 * test (its databases and SMTP reached through {@link FaultProxies}, its timings shortened so that recovery takes
 * seconds), and the servers of the shared stack.
 */
final class FaultMatrix implements AutoCloseable {

    static final List<String> JVM_OPTIONS = List.of("-Xmx256m");

    /** The api's watchdog (wave2-design.md section 3): a sweep every 5 s; re-drive after 20 s, twice, then give up. */
    static final Duration WATCHDOG_EVERY = Duration.ofSeconds(5);
    static final Duration REDRIVE_AFTER = Duration.ofSeconds(20);
    static final int MAX_REDRIVES = 2;
    /** The worker's lease: a killed replica's export is taken over within lease + reaper interval. */
    static final Duration LEASE = Duration.ofSeconds(6);

    private final DevStack stack;
    private final FaultProxies proxies;
    private final DedicatedServices services;
    private final ExportApiClient api;
    private final TestBucket bucket;
    private final WorkerClaims claims;
    private final SourceRows source;

    private FaultMatrix(DevStack stack, FaultProxies proxies, DedicatedServices services) {
        this.stack = stack;
        this.proxies = proxies;
        this.services = services;
        this.api = new ExportApiClient(services.system().apiBaseUrl());
        this.bucket = new TestBucket(stack);
        this.claims = new WorkerClaims(stack);
        this.source = new SourceRows(stack);
    }

    static FaultMatrix start() {
        DevStack stack = SystemUnderTest.get().stack();
        FaultProxies proxies = new FaultProxies(stack);
        try {
            DedicatedServices services = DedicatedServices.start(service -> JVM_OPTIONS, service -> {
                Map<String, String> config = new LinkedHashMap<>(timings(service));
                config.putAll(proxies.overrides(service));
                return config;
            });
            FaultMatrix matrix = new FaultMatrix(stack, proxies, services);
            services.system().startInstance(Service.WORKER, "export-worker-2", JVM_OPTIONS);
            return matrix;
        } catch (RuntimeException e) {
            proxies.close();
            throw e;
        }
    }

    /**
     * Timings shortened for the test, so that recovery takes seconds (docs/reliability.md lists them): the api's
     * watchdog, the worker's lease, reaper and acknowledgement of queued jobs, the notifier's first retry and longest
     * wait between retries.
     */
    static Map<String, String> timings(Service service) {
        return switch (service) {
            case API -> Map.of("exportflow.watchdog.every", WATCHDOG_EVERY.toString(),
                    "exportflow.watchdog.redrive-after", REDRIVE_AFTER.toString(),
                    "exportflow.watchdog.max-redrives", Integer.toString(MAX_REDRIVES));
            case WORKER -> Map.of("exportflow.worker.lease", LEASE.toString(),
                    "exportflow.worker.reaper-interval", "PT1S",
                    // below the api's redrive-after, as the defaults are
                    "exportflow.worker.queued-report-after", "PT5S");
            case NOTIFIER -> Map.of("exportflow.notifier.delivery.initial-delay", "PT2S",
                    "exportflow.notifier.delivery.max-delay", "PT10S");
            default -> throw new IllegalArgumentException(service.name());
        };
    }

    /**
     * The longest a job may stay QUEUED without acknowledgement or CANCELLING (wave2-design.md section 3):
     * redrive-after x (max-redrives + 1) + every.
     */
    static Duration watchdogBound() {
        return REDRIVE_AFTER.multipliedBy(MAX_REDRIVES + 1).plus(WATCHDOG_EVERY);
    }

    DevStack stack() {
        return stack;
    }

    LocalSystem system() {
        return services.system();
    }

    FaultProxies proxies() {
        return proxies;
    }

    ExportApiClient api() {
        return api;
    }

    TestBucket bucket() {
        return bucket;
    }

    SourceRows source() {
        return source;
    }

    WorkerClaims claims() {
        return claims;
    }

    /** The worker process that runs a job now, or null. */
    ServiceProcess runnerOf(String jobId) throws Exception {
        String owner = claims.owner(UUID.fromString(jobId));
        if (owner == null) {
            return null;
        }
        long pid = WorkerClaims.pidOfOwner(owner);
        return system().services().stream().filter(process -> process.pid() == pid).findFirst().orElse(null);
    }

    /** Starts every killed service process again, as Kubernetes restarts a pod; returns when they are ready. */
    void restartDead() {
        for (ServiceProcess process : system().services()) {
            if (!process.isAlive()) {
                system().restart(process, JVM_OPTIONS);
            }
        }
    }

    /**
     * Restarts (SIGKILL, then a start) every service that is not ready within {@code patience}, so that the next
     * scenario begins with a working system; returns their names.
     */
    List<String> reviveUnready(Duration patience) {
        try {
            await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> system().services().stream().allMatch(ServiceProcess::ready));
            return List.of();
        } catch (ConditionTimeoutException e) {
            List<String> unready = new ArrayList<>();
            for (ServiceProcess process : system().services()) {
                if (!process.ready()) {
                    unready.add(process.instanceName());
                    process.kill();
                    system().restart(process, JVM_OPTIONS);
                }
            }
            return unready;
        }
    }

    @Override
    public void close() {
        try {
            services.close();
        } finally {
            proxies.close();
        }
    }
}
