package dev.exportflow.devstack.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;


import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.events.dataset.NamedSql;

import io.minio.MinioClient;
import io.minio.UploadObjectArgs;

import org.postgresql.PGConnection;

/**
 * {@code ./exportflow bench}: ExportFlow end to end (POST to SUCCEEDED) against the naive two-step
 * baseline, side by side on the same servers in one run: PostgreSQL {@code COPY (<the same query>)
 * TO STDOUT (FORMAT csv, HEADER)} into a local file, then the upload of that file into the same
 * bucket. Each side runs three times, taking turns, and the fastest run of each counts. The worker runs with
 * {@code -Xmx128m} throughout, and a 5M-row export must succeed. Timings on a shared machine are
 * noisy: read the ratios, not the absolute numbers.
 */
final class BenchCommand {

    static final String WORKER_HEAP = "-Xmx128m";
    private static final List<Long> SIZES = List.of(100_000L, 2_000_000L);
    private static final long CONSTANT_MEMORY_ROWS = 5_000_000L;
    private static final int ROUNDS = 3;
    private final Console console;

    BenchCommand(Console console) {
        this.console = console;
    }

    /** One line of the result table. */
    record Result(long rows, double exportSeconds, long exportBytes, double copySeconds, double uploadSeconds, long copyBytes) {

        double exportRowsPerSecond() {
            return rows / exportSeconds;
        }

        double copyRowsPerSecond() {
            return rows / copySeconds;
        }

        double copyThenUploadRowsPerSecond() {
            return rows / (copySeconds + uploadSeconds);
        }

        double ratioVsCopyThenUpload() {
            return (copySeconds + uploadSeconds) / exportSeconds;
        }

        double ratioVsCopy() {
            return copySeconds / exportSeconds;
        }

        /** The faster ExportFlow run and the faster baseline run of two. */
        Result bestOfEach(Result other) {
            Result export = exportSeconds <= other.exportSeconds ? this : other;
            Result baseline = copySeconds + uploadSeconds <= other.copySeconds + other.uploadSeconds ? this : other;
            return new Result(rows, export.exportSeconds, export.exportBytes, baseline.copySeconds, baseline.uploadSeconds,
                    baseline.copyBytes);
        }
    }

    int run(List<String> options) {
        if (options.contains("--api")) {
            return new ApiBenchCommand(console).run(options.contains("--posts"));
        }
        if (options.contains("--formats")) {
            return new FormatsBenchCommand(console).run();
        }
        List<String> workerJvm = new ArrayList<>(List.of(WORKER_HEAP));
        String extra = ExportFlowCli.option(options, "--worker-jvm", "");
        if (!extra.isBlank()) {
            workerJvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        DevStackSettings settings = DevStackSettings.bench();
        console.line("Benchmark stack under %s (generated rows are kept between runs)", settings.home());
        DevStack stack = DevStack.start(settings);
        try {
            for (long size : sizesWithConstantMemoryRun()) {
                long added = stack.shop().ensureOrders(tenant(size), size, false);
                if (added > 0) {
                    console.line("generated %,d orders for tenant %s", added, tenant(size));
                }
            }
            try (LocalSystem system = LocalSystem.start(stack, false,
                    service -> service == Service.WORKER ? workerJvm : UpCommand.jvmOptions(service))) {
                return measure(system, options.contains("--quick"));
            }
        } finally {
            stack.close();
        }
    }

    /** @param quick only the 2M comparison, no 100k and no 5M run (for trying worker settings) */
    private int measure(LocalSystem system, boolean quick) {
        ServiceProcess worker = system.worker();
        String sql = ordersQuery();
        List<Result> results = new ArrayList<>();
        // One round of the largest comparison that does not count: the JIT of every service compiles its part of the
        // export path, and the database and file caches hold the rows, for both contestants alike.
        long largestSize = SIZES.get(SIZES.size() - 1);
        console.line("-- warm-up: %,d rows", largestSize);
        Result warmUp = round(system, sql, largestSize);
        console.line("   ExportFlow %.2f s, COPY %.2f s, upload %.2f s (not counted)", warmUp.exportSeconds(),
                warmUp.copySeconds(), warmUp.uploadSeconds());
        for (long size : quick ? List.of(largestSize) : SIZES) {
            console.line("-- %,d rows", size);
            Result best = null;
            // ExportFlow and the baseline take turns: neither profits from caches the other warmed
            for (int round = 1; round <= ROUNDS; round++) {
                Result result = round(system, sql, size);
                console.line("   round %d: ExportFlow %.2f s, COPY %.2f s, upload %.2f s", round, result.exportSeconds(),
                        result.copySeconds(), result.uploadSeconds());
                best = best == null ? result : best.bestOfEach(result);
            }
            results.add(best);
        }
        String constantMemory = quick ? "skipped" : constantMemoryRun(system, worker);
        long peakRssKb = peakRssKb(worker.pid());
        printTable(results, peakRssKb);
        Result largest = results.get(results.size() - 1);
        console.line(String.format(Locale.ROOT,
                "bench: ratio vs copy+upload %.2f (target 1.0), ratio vs copy %.2f, 5M rows at -Xmx128m %s",
                largest.ratioVsCopyThenUpload(), largest.ratioVsCopy(), constantMemory));
        return "failed".equals(constantMemory) ? 1 : 0;
    }

    /** One ExportFlow export of {@code size} rows, then the baseline: COPY into a file, upload of the file. */
    private Result round(LocalSystem system, String sql, long size) {
        BenchExports.Finished export = BenchExports.run(system, console, size, "csv");
        Path file = system.stack().settings().home().resolve("bench-copy-" + size + ".csv");
        Instant copyStarted = Instant.now();
        long copyBytes = copyToFile(system.stack().endpoints(), sql, tenant(size), file);
        double copy = seconds(copyStarted);
        Instant uploadStarted = Instant.now();
        upload(system.stack(), file, "bench/copy-" + size + ".csv");
        double upload = seconds(uploadStarted);
        deleteQuietly(file);
        return new Result(size, export.seconds(), export.bytes(), copy, upload, copyBytes);
    }

    private String constantMemoryRun(LocalSystem system, ServiceProcess worker) {
        console.line("-- %,d rows with the worker at %s", CONSTANT_MEMORY_ROWS, WORKER_HEAP);
        boolean constantMemoryOk;
        try {
            double seconds = BenchExports.run(system, console, CONSTANT_MEMORY_ROWS, "csv").seconds();
            console.line("   ExportFlow %.2f s (%,.0f rows/s)", seconds, CONSTANT_MEMORY_ROWS / seconds);
            constantMemoryOk = worker.isAlive();
        } catch (DevStackException e) {
            console.error("   failed: %s", e.getMessage());
            constantMemoryOk = false;
        }
        return constantMemoryOk ? "ok" : "failed";
    }

    private void printTable(List<Result> results, long peakRssKb) {
        console.line("");
        console.line("| rows | ExportFlow rows/s | COPY rows/s | COPY+upload rows/s | vs COPY+upload | vs COPY |"
                + " ExportFlow MB | COPY MB |");
        console.line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result result : results) {
            console.line(String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.1f | %.1f |",
                    result.rows(), result.exportRowsPerSecond(), result.copyRowsPerSecond(),
                    result.copyThenUploadRowsPerSecond(), result.ratioVsCopyThenUpload(), result.ratioVsCopy(),
                    result.exportBytes() / 1e6, result.copyBytes() / 1e6));
        }
        console.line("worker peak RSS: %,d MB (heap %s)", peakRssKb / 1024, WORKER_HEAP);
    }

    /** The baseline's first step: COPY of the same query, parameters inlined as literals (COPY cannot bind). */
    private static long copyToFile(Endpoints endpoints, String namedSql, String tenant, Path file) {
        NamedSql sql = NamedSql.parse(namedSql);
        StringBuilder literalSql = new StringBuilder();
        int parameter = 0;
        for (String part : sql.jdbcSql().split("\\?", -1)) {
            literalSql.append(part);
            if (parameter < sql.bindOrder().size()) {
                boolean tenantParameter = "tenant_id".equals(sql.bindOrder().get(parameter));
                literalSql.append(tenantParameter ? "'" + tenant.replace("'", "''") + "'" : "null");
                parameter++;
            }
        }
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.SHOP_DATABASE),
                Endpoints.READER_USER, Endpoints.READER_PASSWORD);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("copy (" + literalSql + ") to stdout (format csv, header)", out);
        } catch (SQLException | IOException e) {
            throw new DevStackException("COPY failed: " + e.getMessage(), e);
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DevStackException(e.getMessage(), e);
        }
    }

    private static void upload(DevStack stack, Path file, String key) {
        Endpoints endpoints = stack.endpoints();
        MinioClient client = MinioClient.builder().endpoint(endpoints.s3Url())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
        try {
            client.uploadObject(UploadObjectArgs.builder().bucket(endpoints.bucket()).object(key)
                    .filename(file.toString()).contentType("text/csv").build());
        } catch (Exception e) {
            throw new DevStackException("Upload of the COPY file failed: " + e.getMessage(), e);
        }
    }

    /** The orders query of the demo catalog, exactly as the worker runs it. */
    static String ordersQuery() {
        try (InputStream in = BenchCommand.class.getResourceAsStream("/exportflow-datasets.properties")) {
            Properties catalog = new Properties();
            catalog.load(in);
            return catalog.getProperty("exportflow.datasets.orders.sql");
        } catch (IOException e) {
            throw new DevStackException("Cannot read the dataset catalog: " + e.getMessage(), e);
        }
    }

    /** The high-water mark of resident memory, from /proc. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static List<Long> sizesWithConstantMemoryRun() {
        List<Long> sizes = new ArrayList<>(SIZES);
        sizes.add(CONSTANT_MEMORY_ROWS);
        return sizes;
    }

    static String tenant(long size) {
        return "bench-" + size;
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toNanos() / 1e9;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DevStackException("Cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
