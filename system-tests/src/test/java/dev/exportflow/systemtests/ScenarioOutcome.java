package dev.exportflow.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scenario left behind, in the four numbers of the matrix and the reasons behind them.
 *
 * <ul>
 * <li>lost: a job that did not reach what its user is owed: SUCCEEDED with the right file and one email (or CANCELLED
 * when the test cancelled it), e.g. FAILED under a fault the system should ride out, no email, a wrong file;</li>
 * <li>duplicated: a job with a second file or a second email;</li>
 * <li>stuck: a job not ended within the bound;</li>
 * <li>orphans: files under the keys of a job that ended otherwise than SUCCEEDED, and incomplete multipart uploads
 * (the files of a job that never ended are noted, its stuck count says enough).</li>
 * </ul>
 */
final class ScenarioOutcome {

    private final String scenario;
    private final int exports;
    private final Map<String, Integer> statuses = new TreeMap<>();
    private final List<String> lost = new ArrayList<>();
    private final List<String> duplicated = new ArrayList<>();
    private final List<String> stuck = new ArrayList<>();
    private final List<String> orphans = new ArrayList<>();
    private final List<String> health = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Duration timeToHeal;

    ScenarioOutcome(String scenario, int exports) {
        this.scenario = scenario;
        this.exports = exports;
    }

    /** A scenario that could not run to its end (its exports are counted as stuck: nobody saw them end). */
    static ScenarioOutcome broken(String scenario, int exports, Throwable why) {
        ScenarioOutcome outcome = new ScenarioOutcome(scenario, exports);
        for (int i = 0; i < exports; i++) {
            outcome.stuck("export " + (i + 1), "not followed to its end");
        }
        outcome.health("the scenario broke off: " + RawHttp.shorten(String.valueOf(why), 200));
        return outcome;
    }

    void status(String status) {
        statuses.merge(status, 1, Integer::sum);
    }

    void lost(Object job, String why) {
        lost.add(job + ": " + why);
    }

    void duplicated(Object job, String why) {
        duplicated.add(job + ": " + why);
    }

    void stuck(Object job, String status) {
        stuck.add(job + ": " + status);
    }

    void orphan(String what) {
        orphans.add(what);
    }

    /** A probe that would have had Kubernetes restart a pod or take it out of service. */
    void health(String what) {
        health.add(what);
    }

    /** Something worth knowing that is no fault. */
    void note(String what) {
        notes.add(what);
    }

    void healedIn(Duration duration) {
        this.timeToHeal = duration;
    }

    String scenario() {
        return scenario;
    }

    int exports() {
        return exports;
    }

    int lost() {
        return lost.size();
    }

    int duplicated() {
        return duplicated.size();
    }

    int stuck() {
        return stuck.size();
    }

    int orphans() {
        return orphans.size();
    }

    boolean ok() {
        return lost.isEmpty() && duplicated.isEmpty() && stuck.isEmpty() && orphans.isEmpty() && health.isEmpty();
    }

    /** One row of the matrix's table: scenario, exports, time to heal, outcome. */
    String row() {
        String heal = timeToHeal == null ? "not healed" : timeToHeal.toSeconds() + " s";
        StringBuilder outcome = new StringBuilder();
        statuses.forEach((status, count) -> outcome.append(outcome.isEmpty() ? "" : ", ").append(count).append(' ')
                .append(status));
        if (!ok()) {
            outcome.append("; ").append(lost()).append(" lost, ").append(duplicated()).append(" duplicated, ")
                    .append(stuck()).append(" stuck, ").append(orphans()).append(" orphans");
            if (!health.isEmpty()) {
                outcome.append("; ").append(String.join("; ", health));
            }
        }
        return "| " + scenario + " | " + exports + " | " + heal + " | " + (ok() ? "ok: " : "FAILED: ") + outcome + " |";
    }

    /** Every reason, one per line, for an assertion message. */
    String details() {
        List<String> lines = new ArrayList<>();
        lost.forEach(line -> lines.add("lost " + line));
        duplicated.forEach(line -> lines.add("duplicated " + line));
        stuck.forEach(line -> lines.add("stuck " + line));
        orphans.forEach(line -> lines.add("orphan " + line));
        health.forEach(line -> lines.add("health: " + line));
        notes.forEach(line -> lines.add("note: " + line));
        return String.join("\n", lines);
    }
}
