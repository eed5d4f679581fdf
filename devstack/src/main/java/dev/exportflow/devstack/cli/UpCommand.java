package dev.exportflow.devstack.cli;

import java.util.List;

/** {@code ./exportflow up}. */
final class UpCommand {

    private final Console console;

    UpCommand(Console console) {
        this.console = console;
    }

    int run(List<String> options) {
        throw new IllegalStateException("not available yet");
    }
}
