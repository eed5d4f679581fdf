package dev.exportflow.api.job;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How worker reports are written to the job store (the prefix is the keys' historic name and stays). */
@ConfigMapping(prefix = "exportflow.read-model")
public interface JobReportConfig {

    /**
     * At most one progress write per job within this interval; state changes are never throttled. Shorter than the
     * worker's one report a second, so that jitter does not drop every other report.
     */
    @WithDefault("PT0.5S")
    Duration progressInterval();
}
