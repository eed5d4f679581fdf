package dev.exportflow.notifier.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the notifier's counters as {@code /q/metrics} shows them. */
public final class Counters {

    private Counters() {
    }

    /** The counter's value, 0 while it has never been incremented. */
    public static double count(MeterRegistry registry, String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
