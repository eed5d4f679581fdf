package dev.exportflow.systemtests;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work a test starts and joins later (a server's start, rows written, clients waiting for their refusal), each on a
 * thread of its own: these tasks block for up to minutes, and the common pool that {@code supplyAsync} uses by default
 * has a single thread on a two-core machine, so one would wait for another.
 */
final class InBackground {

    private InBackground() {
    }

    static <T> CompletableFuture<T> supply(String name, Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            thread.start();
        });
    }

    static CompletableFuture<Void> run(String name, Runnable task) {
        return supply(name, () -> {
            task.run();
            return null;
        });
    }
}
