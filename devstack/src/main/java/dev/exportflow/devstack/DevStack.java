package dev.exportflow.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.exportflow.devstack.auth.DevKeys;
import dev.exportflow.devstack.auth.DevTokens;
import dev.exportflow.devstack.kafka.KafkaServer;
import dev.exportflow.devstack.mail.MailServer;
import dev.exportflow.devstack.mail.Mailbox;
import dev.exportflow.devstack.postgres.PostgresServer;
import dev.exportflow.devstack.process.Ports;
import dev.exportflow.devstack.shop.ShopData;
import dev.exportflow.devstack.storage.S3Server;

import org.jboss.logging.Logger;

/**
 * Real infrastructure on 127.0.0.1, each server its own process: the Apache Kafka broker,
 * PostgreSQL, an S3-compatible store and an SMTP server. {@link #start(DevStackSettings)} starts a
 * stack, or reuses one that a live process already runs on the same home and ports; {@link #close()}
 * stops what this process started. A stack left behind by a killed run is cleaned up on the next start.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DevStack.class);

    private final DevStackSettings settings;
    private final Endpoints endpoints;
    private final boolean owner;
    private final KafkaServer kafka;
    private final PostgresServer postgres;
    private final S3Server s3;
    private final MailServer mail;
    private final AtomicInteger nextServicePort;
    private final List<Runnable> beforeStop = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread shutdownHook;

    private DevStack(DevStackSettings settings, Endpoints endpoints, boolean owner) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.owner = owner;
        StackServers servers = StackServers.of(settings, Infrastructure.selected());
        this.kafka = servers.kafka();
        this.postgres = servers.postgres();
        this.s3 = servers.s3();
        this.mail = servers.mail();
        this.nextServicePort = new AtomicInteger(settings.firstServicePort());
    }

    /** Starts a stack, or reuses the one a live process runs with these settings. */
    public static DevStack start(DevStackSettings settings) {
        try {
            Files.createDirectories(settings.home());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + settings.home(), e);
        }
        try (FileChannel lockFile = FileChannel.open(settings.home().resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            var previous = StackState.read(settings.stateFile());
            if (previous.isPresent()) {
                StackState state = previous.get();
                if (state.ownerAlive() && StackHome.answers(settings)) {
                    LOG.infof("reusing the devstack of pid %d under %s", state.ownerPid(), settings.home());
                    return new DevStack(settings, state.endpoints(), false);
                }
                StackHome.cleanUpAfterKilledRun(settings, state);
            }
            return startFresh(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + settings.home(), e);
        }
    }

    private static DevStack startFresh(DevStackSettings settings) {
        if (settings.cleanStart()) {
            StackHome.wipe(settings.home());
        }
        StackHome.refuseBusyPorts(settings);
        DevKeys keys = new DevKeys(settings.home()).ensureExist();
        S3Server s3Endpoint = new S3Server(settings);
        Endpoints endpoints = new Endpoints(
                Ports.LOOPBACK + ":" + settings.kafkaPort(),
                settings.postgresPort(),
                s3Endpoint.url(),
                S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY,
                S3Server.BUCKET,
                settings.smtpPort(),
                "http://" + Ports.LOOPBACK + ":" + settings.mailApiPort(),
                DevKeys.ISSUER,
                keys.publicKeyFile().toString(),
                keys.privateKeyFile().toString(),
                keys.linkSigningKey(),
                new KafkaServer(settings).secureClient());
        DevStack stack = new DevStack(settings, endpoints, true);
        stack.startServers();
        new ShopData(endpoints).createSchema();
        stack.recordState();
        stack.shutdownHook = new Thread(stack::stopServers, "devstack-shutdown");
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        return stack;
    }

    private void startServers() {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> starts = servers().stream()
                    .map(server -> CompletableFuture.runAsync(server::start, pool))
                    .toList();
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            stopServers();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            pool.shutdown();
        }
        LOG.infof("devstack %s up in %d ms under %s (%s)", settings.name(), (System.nanoTime() - started) / 1_000_000,
                settings.home(), s3.flavour());
    }

    private void recordState() {
        Map<String, Long> pids = new LinkedHashMap<>();
        servers().forEach(server -> server.pid().ifPresent(pid -> pids.put(server.name(), pid)));
        new StackState(ProcessHandle.current().pid(), Instant.now(), endpoints, pids).write(settings.stateFile());
    }

    public DevStackSettings settings() {
        return settings;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** Whether this process started the stack (and so stops it on close). */
    public boolean owner() {
        return owner;
    }

    public Map<String, String> serviceConfig(ServiceConfig.Service service, String apiBaseUrl) {
        return ServiceConfig.of(service, endpoints, apiBaseUrl);
    }

    /**
     * A free port for a service process of this stack, from the stack's own range (base + 10 to
     * base + 99): below the ephemeral range, so that no outgoing connection takes it before the
     * service binds it.
     */
    public int allocateServicePort() {
        while (true) {
            int port = nextServicePort.getAndIncrement();
            if (port > settings.lastServicePort()) {
                throw new DevStackException("No free service port left between " + settings.firstServicePort() + " and "
                        + settings.lastServicePort());
            }
            if (Ports.isFree(port)) {
                return port;
            }
        }
    }

    public Mailbox mailbox() {
        return new Mailbox(endpoints.mailApiUrl());
    }

    public DevTokens tokens() {
        return new DevTokens(Path.of(endpoints.jwtPrivateKeyFile()), endpoints.jwtIssuer());
    }

    public ShopData shop() {
        return new ShopData(endpoints);
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The object store; fault tests stop and start it (only the owner can). */
    public S3Server s3() {
        requireOwner();
        return s3;
    }

    /** The SMTP server; fault tests stop and start it (only the owner can). */
    public MailServer mail() {
        requireOwner();
        return mail;
    }

    /** Every server's log file, for pointing people at them. */
    public Map<String, Path> logFiles() {
        Map<String, Path> logs = new LinkedHashMap<>();
        servers().forEach(server -> logs.put(server.name(), server.logFile()));
        return logs;
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        stopServers();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing to remove
            }
        }
    }

    /**
     * Runs {@code action} before the servers stop, also when the JVM is shutting down (Ctrl-C), so
     * that services using the stack stop first instead of logging connection errors.
     */
    public void beforeStop(Runnable action) {
        beforeStop.add(action);
    }

    private synchronized void stopServers() {
        for (Runnable action : beforeStop) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warnf("stopping a user of the stack failed: %s", e.getMessage());
            }
        }
        beforeStop.clear();
        List<Server> reversed = new ArrayList<>(servers());
        java.util.Collections.reverse(reversed);
        for (Server server : reversed) {
            try {
                server.stop();
            } catch (RuntimeException e) {
                LOG.warnf("stopping %s failed: %s", server.name(), e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(settings.stateFile());
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", settings.stateFile(), e.getMessage());
        }
    }

    private List<Server> servers() {
        return List.of(postgres, kafka, s3, mail);
    }

    private void requireOwner() {
        if (!owner) {
            throw new IllegalStateException("This process reuses a devstack it did not start; it cannot stop its servers");
        }
    }
}
