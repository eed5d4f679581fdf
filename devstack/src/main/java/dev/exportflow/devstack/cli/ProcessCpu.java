package dev.exportflow.devstack.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CPU time named processes used between two readings, each with its child processes (PostgreSQL's backends) but
 * for this one (its children are the services): where a benchmark's two cores went, since the load client, the
 * services and the servers share them. A child process that ended between the readings is not counted (PostgreSQL's
 * pooled backends live as long as the pool's connections).
 */
final class ProcessCpu {

    /** Linux's {@code USER_HZ}, the unit of {@code /proc/<pid>/task/<tid>/stat}'s times: 100 on every architecture. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Map<String, OptionalLong> pids;
    private final Map<String, Duration> start;
    private final Map<String, Duration> compilingAtStart;

    private ProcessCpu(Map<String, OptionalLong> pids) {
        this.pids = pids;
        this.start = read();
        this.compilingAtStart = compilingNow();
    }

    /** Starts measuring the processes, named in the map's order; one without a pid (in a container) is left out. */
    static ProcessCpu start(Map<String, OptionalLong> pids) {
        return new ProcessCpu(new LinkedHashMap<>(pids));
    }

    /** Each process's CPU time since {@link #start}, in the order given. */
    Map<String, Duration> used() {
        Map<String, Duration> used = new LinkedHashMap<>();
        read().forEach((name, now) -> used.put(name, now.minus(start.getOrDefault(name, Duration.ZERO))));
        return used;
    }

    /** {@code "name 1.23 ms, ..."}: each process's CPU time since {@link #start} divided by {@code units}. */
    String perUnit(int units) {
        return used().entrySet().stream()
                .map(used -> String.format("%s %.2f ms", used.getKey(), used.getValue().toNanos() / 1e6 / units))
                .collect(Collectors.joining(", "));
    }

    /**
     * {@code "name 12 %, ..."}: the share of each Java process's CPU time since {@link #start} that its JIT compiler
     * threads (HotSpot's C1 and C2) used: work that a service does after its start and no longer once warm. A compiler
     * thread that ended between the readings is not counted, so the share is a lower bound; processes that compiled
     * nothing are left out.
     */
    String compiling() {
        return compilingShares().entrySet().stream()
                .filter(share -> share.getValue() > 0)
                .map(share -> String.format("%s %.0f %%", share.getKey(), 100 * share.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The largest share of {@link #compiling()} among the processes named. */
    double mostCompiling(Collection<String> names) {
        return compilingShares().entrySet().stream().filter(share -> names.contains(share.getKey()))
                .mapToDouble(Map.Entry::getValue).max().orElse(0);
    }

    private Map<String, Double> compilingShares() {
        Map<String, Duration> used = used();
        Map<String, Double> shares = new LinkedHashMap<>();
        compilingNow().forEach((name, compiling) -> {
            if (used.containsKey(name)) {
                shares.put(name, share(compiling.minus(compilingAtStart.getOrDefault(name, Duration.ZERO)), used.get(name)));
            }
        });
        return shares;
    }

    private static double share(Duration part, Duration whole) {
        return whole.isZero() || part.isNegative() ? 0 : (double) part.toNanos() / whole.toNanos();
    }

    /** The CPU time of each process's live JIT compiler threads, read from {@code /proc/<pid>/task}. */
    private Map<String, Duration> compilingNow() {
        Map<String, Duration> compiling = new LinkedHashMap<>();
        pids.forEach((name, pid) -> pid.ifPresent(id -> compiling.put(name, compilerThreads(id))));
        return compiling;
    }

    private static Duration compilerThreads(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().matches("C[12] CompilerThre.*")) {
                        String stat = Files.readString(task.resolve("stat"));
                        // after the command in parentheses: state is field 3, utime and stime fields 14 and 15
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException noProcFs) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    private Map<String, Duration> read() {
        Map<String, Duration> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> pid.stream()
                .mapToObj(ProcessHandle::of)
                .flatMap(Optional::stream)
                .forEach(process -> used.put(name, Stream.concat(Stream.of(process), children(process))
                        .map(each -> each.info().totalCpuDuration().orElse(Duration.ZERO))
                        .reduce(Duration.ZERO, Duration::plus))));
        return used;
    }

    private static Stream<ProcessHandle> children(ProcessHandle process) {
        return process.equals(ProcessHandle.current()) ? Stream.empty() : process.descendants();
    }
}
