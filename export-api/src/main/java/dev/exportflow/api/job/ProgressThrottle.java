package dev.exportflow.api.job;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most one progress write per job within an interval: a worker may report many times a second, the
 * database only needs the latest figure now and then. State changes and endings are never throttled.
 */
public final class ProgressThrottle {

    private static final int MAX_TRACKED_JOBS = 10_000;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<UUID, Long> lastWrite = new ConcurrentHashMap<>();

    public ProgressThrottle(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether a progress report of this job may be skipped because one was written moments ago. */
    public boolean skip(UUID jobId) {
        Long last = lastWrite.get(jobId);
        return last != null && nanoClock.getAsLong() - last < intervalNanos;
    }

    public void written(UUID jobId) {
        if (lastWrite.size() > MAX_TRACKED_JOBS) {
            lastWrite.clear();
        }
        lastWrite.put(jobId, nanoClock.getAsLong());
    }

    public void ended(UUID jobId) {
        lastWrite.remove(jobId);
    }
}
