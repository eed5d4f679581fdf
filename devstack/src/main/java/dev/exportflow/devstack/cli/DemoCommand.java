package dev.exportflow.devstack.cli;

import java.util.List;

/** {@code ./exportflow demo}. */
final class DemoCommand {

    private final Console console;

    DemoCommand(Console console) {
        this.console = console;
    }

    int run(List<String> options) {
        throw new IllegalStateException("not available yet");
    }
}
