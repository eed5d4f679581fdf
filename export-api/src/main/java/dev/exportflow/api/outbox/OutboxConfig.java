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

    /** How long sent rows are kept (for diagnosis) before they are pruned. */
    @WithDefault("PT1H")
    Duration keepSent();

    /** The longest a batch waits for the broker's acknowledgements. */
    @WithDefault("PT30S")
    Duration sendTimeout();
}
