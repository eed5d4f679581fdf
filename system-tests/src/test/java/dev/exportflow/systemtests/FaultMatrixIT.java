package dev.exportflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.exportflow.devstack.services.ServiceProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue #12's fault matrix: for each scenario, 20 exports of mixed sizes (up to 600k rows) are put in flight,
 * one fault strikes while the longest is writing rows, and is healed. Afterwards every job has ended within the bound,
 * each SUCCEEDED job has exactly one object whose rows and SHA-256 match the database, each ended job one email, no
 * object or incomplete upload belongs to no SUCCEEDED job, and no probe would have had Kubernetes restart a pod.
 * The services run dedicated to this test (databases and SMTP behind fault proxies, shortened timings: see
 * {@link FaultMatrix}). It ends with the line and the table of docs/reliability.md.
 */
class FaultMatrixIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static FaultMatrix matrix;
    private static final List<ScenarioOutcome> OUTCOMES = new ArrayList<>();

    @BeforeAll
    static void startDedicatedServices() {
        matrix = FaultMatrix.start();
    }

    @AfterAll
    static void report() throws IOException {
        try {
            if (!OUTCOMES.isEmpty()) {
                String table = table();
                Findings.report(summary() + "\n" + table);
                Files.writeString(Path.of("target", "fault-matrix.md"), summary() + "\n\n" + table + "\n");
            }
        } finally {
            matrix.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFaultMidFlightLeavesNothingLostDuplicatedStuckOrOrphaned() {
        return scenarios().stream().filter(FaultMatrixIT::selected).map(scenario -> DynamicTest.dynamicTest(scenario.name(),
                () -> {
                    ScenarioOutcome outcome;
                    try {
                        outcome = run(scenario);
                    } catch (Exception | AssertionError e) {
                        OUTCOMES.add(ScenarioOutcome.broken(scenario.name(), ExportMix.size(), e));
                        throw e;
                    }
                    OUTCOMES.add(outcome);
                    Findings.report(outcome.row() + "\n" + outcome.details());
                    assertThat(outcome.ok()).as("%s\n%s", outcome.row(), outcome.details()).isTrue();
                }));
    }

    private static List<FaultScenario> scenarios() {
        return List.of(
                FaultScenario.crash("export-api killed (kill -9) and restarted", "api",
                        (matrix, run) -> matrix.system().api().kill()),
                FaultScenario.crash("export-worker running a long export killed (kill -9, one of two) and restarted",
                        "worker", (matrix, run) -> killRunner(run)),
                FaultScenario.crash("notifier killed (kill -9) while emails go out, restarted", "notifier",
                        (matrix, run) -> {
                            run.awaitEmailsSent(2);
                            matrix.system().notifier().kill();
                        }),
                FaultScenario.outage("Kafka broker stopped 30 s", "kafka", OUTAGE,
                        (matrix, run) -> matrix.stack().kafka().stop(), (matrix, run) -> matrix.stack().kafka().start()),
                FaultScenario.outage("PostgreSQL stopped 30 s (fsync on)", "postgres", OUTAGE,
                        (matrix, run) -> matrix.stack().postgres().stop(),
                        (matrix, run) -> matrix.stack().postgres().start()),
                FaultScenario.outage("export-api's and notifier's databases unreachable 30 s while the workers go on",
                        "readers", OUTAGE, (matrix, run) -> {
                            matrix.proxies().apiDatabase().down();
                            matrix.proxies().notifierDatabase().down();
                        }, (matrix, run) -> {
                            matrix.proxies().apiDatabase().up();
                            matrix.proxies().notifierDatabase().up();
                        }),
                FaultScenario.outage("S3 server stopped 30 s", "s3", OUTAGE,
                        (matrix, run) -> matrix.stack().s3().stop(), (matrix, run) -> matrix.stack().s3().start()),
                FaultScenario.outage("SMTP server unreachable 30 s (port refuses, open connections cut)", "smtp", OUTAGE,
                        (matrix, run) -> {
                            run.awaitEmailsSent(1);
                            matrix.proxies().smtp().down();
                        }, (matrix, run) -> matrix.proxies().smtp().up()),
                FaultScenario.outage("network stall: every PostgreSQL connection held 30 s without closing", "stall", OUTAGE,
                        (matrix, run) -> matrix.proxies().databases().forEach(SwitchableProxy::stall),
                        (matrix, run) -> matrix.proxies().databases().forEach(SwitchableProxy::resume)),
                FaultScenario.outage("cancels while the worker's database is down 30 s", "cancel", OUTAGE,
                        (matrix, run) -> {
                            matrix.proxies().workerDatabase().down();
                            for (MatrixExport export : run.exports().subList(0, 6)) {
                                run.cancel(export);
                            }
                        }, (matrix, run) -> matrix.proxies().workerDatabase().up()));
    }

    /** {@code -Dexportflow.fault-matrix.scenarios=kafka,postgres} runs only those (by slug), to look into one. */
    private static boolean selected(FaultScenario scenario) {
        String only = System.getProperty("exportflow.fault-matrix.scenarios", "").trim();
        return only.isEmpty() || List.of(only.split("\\s*,\\s*")).contains(scenario.slug());
    }

    private static ScenarioOutcome run(FaultScenario scenario) throws Exception {
        ScenarioRun run = new ScenarioRun(scenario, ExportMix.submit(scenario.slug(), matrix.api(), matrix.stack().tokens()),
                matrix.system().apiBaseUrl(), matrix.stack().mailbox(), matrix.claims());
        run.awaitLongExportRunning();
        HealthWatch watch = new HealthWatch(() -> matrix.system().services());
        Instant healed;
        try {
            try {
                scenario.inject().apply(matrix, run);
                if (!scenario.held().isZero()) {
                    await().pollDelay(scenario.held()).atMost(scenario.held().plusSeconds(1)).until(() -> true);
                }
            } finally {
                scenario.heal().apply(matrix, run);
                healed = Instant.now();
            }
            return new ScenarioAudit(matrix, run).audit(healed, watch);
        } finally {
            watch.close();
        }
    }

    /** Kills the worker replica that runs one of the two longest exports. */
    private static void killRunner(ScenarioRun run) throws Exception {
        ServiceProcess runner = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> matrix.runnerOf(run.awaitLongExportRunning().id()), process -> process != null);
        runner.kill();
    }

    private static String summary() {
        return String.format("fault matrix: %d scenarios, %d exports, %d lost, %d duplicated, %d stuck, %d orphan objects",
                OUTCOMES.size(), OUTCOMES.stream().mapToInt(ScenarioOutcome::exports).sum(),
                OUTCOMES.stream().mapToInt(ScenarioOutcome::lost).sum(),
                OUTCOMES.stream().mapToInt(ScenarioOutcome::duplicated).sum(),
                OUTCOMES.stream().mapToInt(ScenarioOutcome::stuck).sum(),
                OUTCOMES.stream().mapToInt(ScenarioOutcome::orphans).sum());
    }

    private static String table() {
        StringBuilder table = new StringBuilder("| scenario | exports | time to heal | outcome |\n| --- | ---: | ---: | --- |");
        OUTCOMES.forEach(outcome -> table.append('\n').append(outcome.row()));
        return table.toString();
    }
}
