package dev.exportflow.devstack.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.services.ServiceProcess;

/**
 * {@code ./exportflow bench --api}: many users at once, on a stack of its own that starts empty. Four measurements in
 * one run: small exports drained by one worker (jobs/s), the same drained by {@value #MOST_REPLICAS} and fewer worker
 * replicas sharing the backlog (jobs/s, and jobs claimed more than once), the wait of another tenant's first export
 * behind a backlog of one tenant, and {@code POST /api/exports} with the worker stopped (requests/s and p99 over
 * {@value #CONNECTIONS} connections), each after an uncounted warm-up. Load comes from this JVM, on the same machine:
 * read the figures side by side, not as absolutes; each measurement also prints the CPU every process used per
 * request or export. {@code --posts} runs the POST measurement alone, for profiling the api's path.
 */
final class ApiBenchCommand {

    private static final int CONNECTIONS = 16;
    private static final String SMALL_TENANT = "small";
    private static final int SMALL_ROWS = 1_000;
    private static final int SMALL_EXPORTS = 600;
    /**
     * Drained first and not counted, {@value #WARM_UP_EXPORTS} at a time, until no service spends more than
     * {@value #WARM_ENOUGH} of its CPU in the JIT compiler or drains have run for {@link #WARM_UP_BUDGET}: the
     * services' first work after a start runs cold (class loading, and the JIT compiling took half their CPU in the
     * drain after the first 300 exports), which made the one-worker figure a measurement of the warm-up. On two cores
     * the one C2 compiler thread of each service competes with the load, and its work goes on for three to four
     * minutes of drains (docs/benchmark.md): a budget of time, not of drains, as drains got shorter.
     */
    private static final String WARM_UP_TENANT = "warm";
    private static final int WARM_UP_EXPORTS = 300;
    private static final Duration WARM_UP_BUDGET = Duration.ofMinutes(5);
    private static final double WARM_ENOUGH = 0.1;
    private static final int MOST_REPLICAS = 3;
    private static final String BACKLOG_TENANT = "backlog";
    private static final int BACKLOG_ROWS = 2_000;
    private static final int BACKLOG_EXPORTS = 300;
    private static final String OTHER_TENANT = "other";
    private static final int POST_USERS = 3_000;
    /**
     * Posted first and not counted, {@value #WARM_UP_POSTS} at a time from new users, until the api spends no more than
     * {@value #WARM_ENOUGH} of its CPU in the JIT compiler or for {@link #POST_WARM_UP_BUDGET}: the drains before do
     * not warm the POST's own path (the lock, the checks, the insert), and after 1,000 posts the api still spent a
     * fifth of its CPU compiling it (docs/benchmark.md).
     */
    private static final int WARM_UP_POSTS = 1_000;
    private static final Duration POST_WARM_UP_BUDGET = Duration.ofMinutes(3);
    /**
     * The POST measurement stops the worker, so its tens of thousands of requests stay unacknowledged on purpose; with
     * its default (two minutes) the api's watchdog would publish them again in the middle of the measurement (a job
     * update, an outbox row and a Kafka record each: up to 8,000 of them beside 9,000 posts in one run): the bench's
     * api re-drives after an hour.
     */
    private static final List<String> API_JVM_OPTIONS = Stream.concat(UpCommand.API_JVM_OPTIONS.stream(),
            Stream.of("-Dexportflow.watchdog.redrive-after=PT1H")).toList();
    private static final List<String> STATUSES = List.of("NEW", "PAID", "SHIPPED");
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Console console;

    ApiBenchCommand(Console console) {
        this.console = console;
    }

    /** @param postsOnly only the POST measurement, with no tenant generated and no export drained */
    int run(boolean postsOnly) {
        DevStackSettings settings = DevStackSettings.benchApi();
        console.line("API benchmark stack under %s (starts empty)", settings.home());
        try (DevStack stack = DevStack.start(settings)) {
            if (!postsOnly) {
                generateTenants(stack);
            }
            try (LocalSystem system = LocalSystem.start(stack, false, service -> service == Service.API
                    ? API_JVM_OPTIONS : UpCommand.SERVICE_JVM_OPTIONS)) {
                LoadGenerator load = new LoadGenerator(system.apiBaseUrl(), CONNECTIONS);
                String exports = "";
                if (!postsOnly) {
                    warmUp(stack, system, load);
                    double drained = smallExports(stack, system, load, SMALL_TENANT, SMALL_EXPORTS, 0).perSecond();
                    replicas(stack, system, load, drained);
                    double otherWaits = otherTenantWait(stack, system, load);
                    exports = String.format("; small exports %.1f jobs/s; other tenant waits %.1f s", drained, otherWaits);
                }
                system.stop(system.worker());
                LoadGenerator.Result posts = posts(stack, system, load);
                console.line("bench-api: POST %.0f req/s p99 %.0f ms%s", posts.perSecond(), posts.percentileMillis(99),
                        exports);
                return 0;
            }
        }
    }

    private static void generateTenants(DevStack stack) {
        stack.shop().ensureOrders(WARM_UP_TENANT, SMALL_ROWS, false);
        stack.shop().ensureOrders(SMALL_TENANT, SMALL_ROWS, false);
        for (int replicas = 2; replicas <= MOST_REPLICAS; replicas++) {
            stack.shop().ensureOrders(SMALL_TENANT + replicas, SMALL_ROWS, false);
        }
        stack.shop().ensureOrders(BACKLOG_TENANT, BACKLOG_ROWS, false);
        stack.shop().ensureOrders(OTHER_TENANT, SMALL_ROWS, false);
    }

    private void warmUp(DevStack stack, LocalSystem system, LoadGenerator load) {
        warmUp("drains", WARM_UP_BUDGET, round -> smallExports(stack, system, load, WARM_UP_TENANT, WARM_UP_EXPORTS,
                round * WARM_UP_EXPORTS).compiling());
    }

    /**
     * Runs rounds of uncounted load until no service spends more than {@value #WARM_ENOUGH} of its CPU in the JIT (the
     * largest share a round returns) or the budget is spent, at least one round; says how long it took.
     */
    private void warmUp(String rounds, Duration budget, IntToDoubleFunction round) {
        long started = System.nanoTime();
        int done = 0;
        do {
            double compiling = round.applyAsDouble(done++);
            if (compiling <= WARM_ENOUGH) {
                console.line("Warm after %d %s (%.0f s): no service spends more than %.0f %% of its CPU in the JIT",
                        done, rounds, (System.nanoTime() - started) / 1e9, WARM_ENOUGH * 100);
                return;
            }
        } while (System.nanoTime() - started < budget.toNanos());
        console.line("The services still compile after %d warm-up %s (%.0f s): the figures below include that work",
                done, rounds, (System.nanoTime() - started) / 1e9);
    }

    /** A drain of small exports: jobs per second, and the largest share of a service's CPU that went to the JIT. */
    private record Drain(double perSecond, double compiling) {
    }

    /**
     * Exports of {@value #SMALL_ROWS} rows from many users, three each: jobs per second until all ended.
     *
     * @param endedBefore the tenant's exports that earlier drains ended
     */
    private Drain smallExports(DevStack stack, LocalSystem system, LoadGenerator load, String tenant, int exports,
            int endedBefore) {
        List<LoadGenerator.Post> posts = new ArrayList<>();
        for (int i = 0; i < exports; i++) {
            String user = tenant + "-" + (i / STATUSES.size());
            posts.add(new LoadGenerator.Post(token(stack, user, tenant), orders(STATUSES.get(i % STATUSES.size()))));
        }
        ProcessCpu cpu = measureCpu(stack, system.services());
        long started = System.nanoTime();
        load.post(posts);
        awaitEnded(stack, tenant, endedBefore + exports);
        double seconds = (System.nanoTime() - started) / 1e9;
        console.line("small exports (tenant %s): %d of %d rows each ended in %.1f s", tenant, exports, SMALL_ROWS,
                seconds);
        console.line("CPU per small export: %s (%s)", cpu.perUnit(exports), available(exports / seconds));
        console.line("JIT compiling: %s of their CPU", cpu.compiling());
        return new Drain(exports / seconds,
                cpu.mostCompiling(system.services().stream().map(ServiceProcess::instanceName).toList()));
    }

    /**
     * The same drain with 2 to {@value #MOST_REPLICAS} worker processes sharing the queue, each on its own tenant's
     * exports; a job claimed more than once (its claim's {@code attempts} above 1, with no failure injected) would be a
     * double run. The extra replicas are stopped afterwards.
     */
    private void replicas(DevStack stack, LocalSystem system, LoadGenerator load, double oneReplica) {
        List<ServiceProcess> extra = new ArrayList<>();
        StringBuilder line = new StringBuilder(String.format("bench-api replicas: 1 worker %.1f jobs/s", oneReplica));
        try {
            for (int replicas = 2; replicas <= MOST_REPLICAS; replicas++) {
                extra.add(system.startInstance(Service.WORKER, "export-worker-" + replicas, UpCommand.SERVICE_JVM_OPTIONS));
                String tenant = SMALL_TENANT + replicas;
                double rate = smallExports(stack, system, load, tenant, SMALL_EXPORTS, 0).perSecond();
                line.append(String.format("; %d workers %.1f jobs/s (%.2f x), %d claimed twice", replicas, rate,
                        rate / oneReplica, claimedTwice(stack, tenant)));
            }
        } finally {
            extra.forEach(system::stop);
        }
        console.line("%s", line);
    }

    private static int claimedTwice(DevStack stack, String tenant) {
        Endpoints endpoints = stack.endpoints();
        try (Connection db = DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.WORKER_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD); PreparedStatement twice = db.prepareStatement(
                        "select count(*) from export_claim where tenant = ? and attempts > 1")) {
            twice.setString(1, tenant);
            try (ResultSet count = twice.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        } catch (SQLException e) {
            throw new DevStackException("Cannot read the worker's claims: " + e.getMessage(), e);
        }
    }

    /** Another tenant's first export, posted right after {@value #BACKLOG_EXPORTS} of one tenant: seconds until it starts. */
    private double otherTenantWait(DevStack stack, LocalSystem system, LoadGenerator load) {
        List<LoadGenerator.Post> backlog = new ArrayList<>();
        for (int i = 0; i < BACKLOG_EXPORTS; i++) {
            backlog.add(new LoadGenerator.Post(token(stack, "backlog-" + (i / STATUSES.size()), BACKLOG_TENANT),
                    orders(STATUSES.get(i % STATUSES.size()))));
        }
        load.post(backlog);
        String token = token(stack, "other-1", OTHER_TENANT);
        String id = new ApiClient(system.apiBaseUrl()).submit(token, orders(null)).id();
        JsonNode job = awaitStarted(system.apiBaseUrl(), token, id);
        double wait = Duration.between(Instant.parse(job.path("createdAt").asText()),
                Instant.parse(job.path("startedAt").asText())).toMillis() / 1000.0;
        awaitEnded(stack, BACKLOG_TENANT, BACKLOG_EXPORTS);
        console.line("other tenant: started %.1f s after its request, behind %d queued exports of one tenant", wait,
                BACKLOG_EXPORTS);
        return wait;
    }

    /** POST /api/exports with no worker running: {@value #POST_USERS} users, three requests each, after a warm-up. */
    private LoadGenerator.Result posts(DevStack stack, LocalSystem system, LoadGenerator load) {
        List<String> api = List.of(system.api().instanceName());
        // Signed before the warm-up: signed here, 3,000 tokens kept the api idle between the warm-up and the
        // measurement, whose first half second then held a fifth of its slowest requests (3 - 4 % since).
        List<LoadGenerator.Post> posts = new ArrayList<>();
        for (int user = 0; user < POST_USERS; user++) {
            String token = token(stack, "user-" + user, "load");
            for (String status : STATUSES) {
                posts.add(new LoadGenerator.Post(token, orders(status)));
            }
        }
        warmUp("rounds of " + WARM_UP_POSTS + " posts", POST_WARM_UP_BUDGET, round -> {
            List<LoadGenerator.Post> warmUp = new ArrayList<>();
            for (int i = 0; i < WARM_UP_POSTS; i++) {
                warmUp.add(new LoadGenerator.Post(token(stack, "warm-" + round + "-" + (i / STATUSES.size()), "load"),
                        orders(STATUSES.get(i % STATUSES.size()))));
            }
            ProcessCpu cpu = measureCpu(stack, List.of(system.api()));
            load.post(warmUp);
            return cpu.mostCompiling(api);
        });
        ProcessCpu cpu = measureCpu(stack, List.of(system.api()));
        LoadGenerator.Result result = load.post(posts);
        console.line("POST /api/exports: %d requests (%d accepted) in %.1f s over %d connections: %.0f req/s,"
                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms", result.requests(), result.accepted(), result.seconds(),
                CONNECTIONS, result.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
                result.percentileMillis(100));
        console.line("CPU per POST: %s (%s)", cpu.perUnit(result.requests()), available(result.perSecond()));
        console.line("JIT compiling: %s of their CPU", cpu.compiling());
        if (result.accepted() != result.requests()) {
            throw new DevStackException((result.requests() - result.accepted()) + " POSTs were not accepted; see the api log");
        }
        return result;
    }

    /**
     * From now on, the CPU of the services given, of the stack's servers and of this JVM (the load client): all of them
     * share the machine's cores, so the figures say what limits the rate.
     */
    private static ProcessCpu measureCpu(DevStack stack, List<ServiceProcess> services) {
        Map<String, OptionalLong> pids = new LinkedHashMap<>();
        services.forEach(service -> pids.put(service.instanceName(), OptionalLong.of(service.pid())));
        pids.put("PostgreSQL", stack.postgres().pid());
        pids.put("Kafka", stack.kafka().pid());
        pids.put("S3", stack.s3().pid());
        pids.put("SMTP", stack.mail().pid());
        pids.put("the load client", OptionalLong.of(ProcessHandle.current().pid()));
        return ProcessCpu.start(pids);
    }

    /** What the machine's cores offer per unit at this rate, to read the CPU figures against. */
    private static String available(double perSecond) {
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format("%d cores: %.2f ms each at this rate", cores, cores * 1000 / perSecond);
    }

    private static String token(DevStack stack, String user, String tenant) {
        return stack.tokens().builder(user).tenant(tenant).sign();
    }

    private static String orders(String status) {
        return status == null ? "{\"dataset\":\"orders\",\"format\":\"csv\"}"
                : "{\"dataset\":\"orders\",\"parameters\":{\"status\":\"" + status + "\"},\"format\":\"csv\"}";
    }

    /** Waits until {@code jobs} exports of the tenant have ended, counting those of earlier drains. */
    private static void awaitEnded(DevStack stack, String tenant, int jobs) {
        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        Endpoints endpoints = stack.endpoints();
        try (Connection db = DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.JOBS_DATABASE), Endpoints.SERVICE_USER,
                Endpoints.SERVICE_PASSWORD); PreparedStatement ended = db.prepareStatement(
                        "select count(*) from export_job where tenant = ? and status in ('SUCCEEDED', 'FAILED', 'CANCELLED')")) {
            ended.setString(1, tenant);
            while (true) {
                try (ResultSet count = ended.executeQuery()) {
                    count.next();
                    if (count.getInt(1) >= jobs) {
                        return;
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new DevStackException("The exports of tenant " + tenant + " did not end within " + DRAIN_TIMEOUT);
                }
                ApiClient.pause(Duration.ofMillis(50));
            }
        } catch (SQLException e) {
            throw new DevStackException("Cannot read the job store: " + e.getMessage(), e);
        }
    }

    private static JsonNode awaitStarted(String baseUrl, String token, String id) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/exports/" + id))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode job = JSON.readTree(response.body());
                if (!job.path("startedAt").isNull() && !job.path("startedAt").isMissingNode()) {
                    return job;
                }
            } catch (java.io.IOException e) {
                throw new DevStackException("Cannot read export " + id + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevStackException("interrupted", e);
            }
            ApiClient.pause(Duration.ofMillis(50));
        }
        throw new DevStackException("Export " + id + " did not start within " + DRAIN_TIMEOUT);
    }
}
