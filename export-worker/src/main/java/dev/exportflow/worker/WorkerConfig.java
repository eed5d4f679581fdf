package dev.exportflow.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the worker runs exports: parallelism, leases, retries, sizes. Every key can be set by environment variable. */
@ConfigMapping(prefix = "exportflow.worker")
public interface WorkerConfig {

    /**
     * Exports this replica runs at the same time. 0: it queues the requests it hears of (and confirms cancels) but runs
     * none, e.g. while the other replicas drain the queue.
     */
    @WithDefault("4")
    int concurrency();

    /** How free slots are shared between tenants and between the users of a tenant. */
    Fairness fairness();

    /**
     * The next free slot of any replica goes to the tenant with the fewest running exports (relative to its weight),
     * among equals to the one waiting longest; within the tenant to the user with the fewest, then the one waiting
     * longest.
     */
    interface Fairness {

        /**
         * At most this many exports of one tenant run at the same time over all replicas; 0: no cap. Without a cap a
         * lone tenant may use every slot, and another tenant still gets the next slot that comes free; a cap keeps
         * slots free for the others (at the price of idle slots when only one tenant has work).
         */
        @WithDefault("0")
        int maxRunningPerTenant();

        /**
         * A tenant's share relative to the others, by tenant name ({@code exportflow.worker.fairness.weight."acme"=2});
         * 1 for every tenant not named. A tenant of weight 2 may run twice as many exports as one of weight 1 before it
         * yields the next slot to it.
         */
        Map<String, Integer> weight();
    }

    /** Identifies this replica as the owner of its job claims; default: host name, process id and a random suffix. */
    Optional<String> instanceId();

    /** How long a claim stays valid without a heartbeat; after that the reaper hands the job to another replica. */
    @WithDefault("PT30S")
    Duration lease();

    /** How often running exports renew their lease and look for cancel requests (keep it well under 2 s). */
    @WithDefault("PT1S")
    Duration heartbeat();

    /** How often the reaper looks for expired leases and for cancel requests of jobs that no run holds. */
    @WithDefault("PT5S")
    Duration reaperInterval();

    /** How often the sweep looks for outcomes that ended claims still owe (a crash, or the broker did not take them). */
    @WithDefault("PT10S")
    Duration outcomeSweepInterval();

    /**
     * How long an ended claim's outcome may stay unpublished before the sweep publishes it; the run that ended it
     * publishes right after its commit, so this only matters after a crash or a broker outage.
     */
    @WithDefault("PT1M")
    Duration outcomeSweepGrace();

    /**
     * How long a claim is kept after its job generation ended; one day more than {@code export-requested} keeps its
     * records (7 days), so that a replay still finds what is done.
     */
    @WithDefault("P8D")
    Duration claimRetention();

    /** How often claims older than {@code claim-retention} are deleted. */
    @WithDefault("PT1H")
    Duration claimPruneInterval();

    /** How often an idle replica looks for queued jobs that another replica (or the reaper) queued. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * How long a queued job waits for a slot before the api is told that this worker holds it (ExportQueued); a job
     * taken sooner is never told. Keep it well below the api's {@code exportflow.watchdog.redrive-after} (2 min),
     * after which the api sends a request it has no word of again. 0: at once.
     */
    @WithDefault("PT30S")
    Duration queuedReportAfter();

    /** How often a running export publishes ExportProgress. */
    @WithDefault("PT1S")
    Duration progressInterval();

    /** Runs of one job generation before a transient failure becomes final. */
    @WithDefault("5")
    int maxAttempts();

    /** First wait before re-running after a transient failure; doubles each attempt, with jitter. */
    @WithDefault("PT2S")
    Duration retryBackoff();

    @WithDefault("PT60S")
    Duration retryBackoffMax();

    /** On shutdown, how long running exports may take to finish before they are handed back to the queue. */
    @WithDefault("PT20S")
    Duration shutdownGrace();

    /**
     * Rows fetched from the source database per round trip. Larger saves round trips but keeps more rows alive
     * across young-generation collections, which then copy them (measured in docs/benchmark.md).
     */
    @WithDefault("2000")
    int fetchSize();

    /**
     * How long an export runs before the dataset's optional row-count estimate is asked for (0: at once). Exports that
     * end sooner never ask: they end before a progress event could carry the total, and the query would cost the source
     * database as much as a small export itself.
     */
    @WithDefault("PT1S")
    Duration estimateAfter();

    /** How long the optional row-count estimate may take before it is given up. */
    @WithDefault("PT10S")
    Duration estimateTimeout();

    /** Deflate level for gzip files: 1 is fastest, 9 smallest. */
    @WithDefault("1")
    int gzipLevel();
}
