package dev.exportflow.systemtests;

import java.time.Duration;

/**
 * One fault of the matrix: how it breaks the system while exports are in flight, how long it is held, and how it is
 * repaired.
 *
 * @param slug a short name, part of the scenario's users and addresses
 * @param held how long the fault lasts before it is healed (zero: a crash, healed by the restart)
 */
record FaultScenario(String name, String slug, Duration held, Step inject, Step heal) {

    /** What a scenario does to the system at one moment. */
    @FunctionalInterface
    interface Step {
        void apply(FaultMatrix matrix, ScenarioRun run) throws Exception;
    }

    /**
     * Whether the fault can fall between the SMTP server's {@code 250} and the notifier's record of it: the notifier
     * killed, or its SMTP connections cut. Those are the faults that may deliver an accepted email twice
     * (docs/notifier.md, "The window that remains").
     */
    boolean canInterruptAnAcceptedEmail() {
        return ("notifier".equals(slug) && held.isZero()) || "smtp".equals(slug);
    }

    /** A process killed with SIGKILL and restarted at once, as a crashed pod is. */
    static FaultScenario crash(String name, String slug, Step kill) {
        return new FaultScenario(name, slug, Duration.ZERO, kill, (matrix, run) -> matrix.restartDead());
    }

    /** A dependency that goes away for {@code held} and comes back. */
    static FaultScenario outage(String name, String slug, Duration held, Step breakIt, Step repair) {
        return new FaultScenario(name, slug, held, breakIt, repair);
    }

    @Override
    public String toString() {
        return name;
    }
}
