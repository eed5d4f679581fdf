package dev.exportflow.devstack.cli;

import java.time.Duration;
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

    private final Map<String, OptionalLong> pids;
    private final Map<String, Duration> start;

    private ProcessCpu(Map<String, OptionalLong> pids) {
        this.pids = pids;
        this.start = read();
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
