package dev.exportflow.devstack.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.LocalSystem;

/**
 * {@code ./exportflow bench --formats}: the same {@value #ROWS} rows exported as CSV, XLSX and JSON Lines on the bench
 * stack, with the worker at {@value BenchCommand#WORKER_HEAP} throughout; rows per second and bytes per format, each
 * beside CSV (best of {@value #ROUNDS} runs, after one uncounted warm-up of every format). Then
 * {@value #CONSTANT_MEMORY_ROWS} rows as XLSX must succeed at that heap.
 */
final class FormatsBenchCommand {

    private static final long ROWS = 2_000_000L;
    private static final long CONSTANT_MEMORY_ROWS = 5_000_000L;
    private static final long WARM_UP_ROWS = 100_000L;
    private static final int ROUNDS = 2;
    private static final List<String> FORMATS = List.of("csv", "xlsx", "jsonl");
    private static final Map<String, Double> TARGETS = Map.of("xlsx", 0.5, "jsonl", 0.8);

    private final Console console;

    FormatsBenchCommand(Console console) {
        this.console = console;
    }

    int run() {
        DevStackSettings settings = DevStackSettings.bench();
        console.line("Benchmark stack under %s (generated rows are kept between runs)", settings.home());
        DevStack stack = DevStack.start(settings);
        try {
            for (long size : List.of(WARM_UP_ROWS, ROWS, CONSTANT_MEMORY_ROWS)) {
                stack.shop().ensureOrders(BenchCommand.tenant(size), size, false);
            }
            try (LocalSystem system = LocalSystem.start(stack, false,
                    service -> service == Service.WORKER ? List.of(BenchCommand.WORKER_HEAP) : UpCommand.jvmOptions(service))) {
                return measure(system);
            }
        } finally {
            stack.close();
        }
    }

    private int measure(LocalSystem system) {
        console.line("-- warm-up: %,d rows in every format (not counted)", WARM_UP_ROWS);
        FORMATS.forEach(format -> BenchExports.run(system, console, WARM_UP_ROWS, format));
        Map<String, BenchExports.Finished> best = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String format : FORMATS) {
                BenchExports.Finished finished = BenchExports.run(system, console, ROWS, format);
                console.line("   round %d: %s %.2f s, %.1f MB", round, format, finished.seconds(), finished.bytes() / 1e6);
                best.merge(format, finished, (a, b) -> a.seconds() <= b.seconds() ? a : b);
            }
        }
        String constantMemory = constantMemoryRun(system);
        double csvRate = ROWS / best.get("csv").seconds();
        console.line("");
        console.line("| format | rows/s | vs CSV | target | MB |");
        console.line("| --- | ---: | ---: | ---: | ---: |");
        List<String> ratios = new ArrayList<>();
        for (Map.Entry<String, BenchExports.Finished> entry : best.entrySet()) {
            double rate = ROWS / entry.getValue().seconds();
            Double target = TARGETS.get(entry.getKey());
            console.line(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s | %.1f |", entry.getKey(), rate, rate / csvRate,
                    target == null ? "" : String.format(Locale.ROOT, "%.1f", target), entry.getValue().bytes() / 1e6));
            if (target != null) {
                ratios.add(String.format(Locale.ROOT, "%s %.2f x CSV (target %.1f)", entry.getKey(), rate / csvRate, target));
            }
        }
        console.line("bench-formats: %s; %,d rows as xlsx at %s %s", String.join(", ", ratios), CONSTANT_MEMORY_ROWS,
                BenchCommand.WORKER_HEAP, constantMemory);
        return "ok".equals(constantMemory) ? 0 : 1;
    }

    private String constantMemoryRun(LocalSystem system) {
        console.line("-- %,d rows as xlsx with the worker at %s", CONSTANT_MEMORY_ROWS, BenchCommand.WORKER_HEAP);
        try {
            BenchExports.Finished finished = BenchExports.run(system, console, CONSTANT_MEMORY_ROWS, "xlsx");
            console.line("   %.2f s (%,.0f rows/s), %.1f MB in %d sheets", finished.seconds(),
                    CONSTANT_MEMORY_ROWS / finished.seconds(), finished.bytes() / 1e6,
                    (CONSTANT_MEMORY_ROWS + 1_048_574) / 1_048_575);
            return system.worker().isAlive() ? "ok" : "failed (the worker died)";
        } catch (DevStackException e) {
            console.error("   failed: %s", e.getMessage());
            return "failed";
        }
    }
}
