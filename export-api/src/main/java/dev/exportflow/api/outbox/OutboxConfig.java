package dev.exportflow.api.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox relay runs. */
@ConfigMapping(prefix = "exportflow.outbox")
public interface OutboxConfig {

    /** Whether this instance relays; every replica may, they share the work through row locks. */
    @WithDefault("true")
    boolean relayEnabled();

    /** The relay wakes up at once after each commit; this sweep catches what another replica or a crash left. */
    @WithDefault("PT5S")
    Duration sweepInterval();

    @WithDefault("200")
    int batchSize();

    /**
     * After a batch that was not full the relay waits this long before it takes the next, so that rows committed
     * meanwhile go out together: under load a batch per few POSTs otherwise (one transaction, two statements and a
     * produce request each, docs/benchmark.md). The first row after a quiet spell goes out at once.
     */
    @WithDefault("PT0.01S")
    Duration batchLinger();

    /** How long sent rows are kept (for diagnosis) before they are pruned. */
    @WithDefault("PT1H")
    Duration keepSent();

    /** The longest a batch waits for the broker's acknowledgements. */
    @WithDefault("PT30S")
    Duration sendTimeout();
}
