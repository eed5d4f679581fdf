package dev.exportflow.devstack.cli;

import java.util.Arrays;
import java.util.List;

import dev.exportflow.devstack.DevStackException;

/**
 * {@code ./exportflow}: the one entry point for people. Run without arguments for help.
 */
public final class ExportFlowCli {

    private static final String USAGE = """
            Usage: ./exportflow <command> [options]

              up [--orders N]        build what is stale, start Kafka, PostgreSQL, S3, SMTP and the three
                                     services locally, fill the demo shop (default 100000 orders);
                                     Ctrl-C stops everything it started
              demo                   run one export end to end (starts the system if it is not up)
              bench [--quick] [--worker-jvm "<options>"]
                                     ExportFlow against COPY-then-upload on 100k and 2M rows, and a
                                     5M-row export with the worker at -Xmx128m (takes minutes);
                                     --quick: only the 2M comparison
              bench --formats        2M rows as csv, xlsx and jsonl side by side, then 5M rows as xlsx
                                     with the worker at -Xmx128m
              bench --api            many users at once: POST /api/exports req/s and p99 with the worker
                                     stopped, small exports drained per second by 1, 2 and 3 workers,
                                     another tenant's wait behind one tenant's backlog (about 12
                                     minutes, 5 of them warming the services up and 1 - 3 the
                                     api's POST path); --posts: only the POST measurement
              token NAME [--groups g1,g2] [--tenant T] [--email ADDRESS]
                                     print a bearer token for a demo user (default: role exporter,
                                     tenant acme, NAME@example.com); --groups operator for an operator
              devstack [--test]      start only the infrastructure (for tests or quarkus:dev)
              help                   show this text
            """;

    private ExportFlowCli() {
    }

    public static void main(String[] args) {
        Console console = new Console();
        List<String> arguments = Arrays.asList(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        List<String> options = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
        int status;
        try {
            status = switch (command) {
                case "up" -> new UpCommand(console).run(options);
                case "demo" -> new DemoCommand(console).run(options);
                case "token" -> new TokenCommand(console).run(options);
                case "bench" -> new BenchCommand(console).run(options);
                case "devstack" -> new DevStackCommand(console).run(options);
                case "help", "-h", "--help" -> {
                    console.line(USAGE);
                    yield 0;
                }
                default -> {
                    console.error("Unknown command '%s'.%n%n%s", command, USAGE);
                    yield 2;
                }
            };
        } catch (DevStackException | IllegalArgumentException | IllegalStateException e) {
            console.error("exportflow %s: %s", command, e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** The value after {@code --name}, or a default. */
    static String option(List<String> options, String name, String defaultValue) {
        int index = options.indexOf(name);
        if (index < 0) {
            return defaultValue;
        }
        if (index + 1 >= options.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return options.get(index + 1);
    }
}
