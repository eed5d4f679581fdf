package dev.exportflow.worker;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Views of Quarkus's worker pool for tasks whose owner must be able to wait for them or interrupt them: exports and
 * their reading threads. In Quarkus, {@link ManagedExecutor#builder()} builds on that pool, so no thread is created
 * here, yet each view can be shut down on its own. Tasks run with none of the submitting thread's context (no request
 * scope, transaction or trace of whoever started them).
 */
public final class WorkerPool {

    private WorkerPool() {
    }

    /** A view that runs at most {@code maxAsync} of its tasks at a time. */
    public static ManagedExecutor view(int maxAsync) {
        return ManagedExecutor.builder()
                .maxAsync(maxAsync)
                .propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING)
                .build();
    }
}
