package dev.exportflow.systemtests;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a test found and a person reads in the build log (the fault matrix's line and table, the fuzz figures). It has
 * a console handler of its own: the Quarkus libraries on this JVM's class path park every ordinary log record until a
 * Quarkus application configures logging, which never happens in the test JVM.
 */
final class Findings {

    private static final Logger FINDINGS = Logger.getLogger("dev.exportflow.systemtests.findings");

    static {
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + System.lineSeparator();
            }
        });
        FINDINGS.setUseParentHandlers(false);
        FINDINGS.addHandler(console);
    }

    private Findings() {
    }

    static void report(String text) {
        FINDINGS.info(text);
    }
}
