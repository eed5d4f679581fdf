package dev.exportflow.devstack.cli;

import java.io.PrintStream;
import java.util.Locale;

/** What the CLI prints: plain lines, and a progress line that redraws itself on a terminal. */
final class Console {

    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;
    private static final boolean TERMINAL = System.console() != null;

    private boolean progressShown;
    private String lastProgress;

    void line(String format, Object... args) {
        endProgress();
        OUT.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        OUT.flush();
    }

    void error(String format, Object... args) {
        endProgress();
        ERR.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        ERR.flush();
    }

    /** Redraws one progress line on a terminal; elsewhere (CI logs) prints it as a plain line. */
    void progress(String text) {
        if (text.equals(lastProgress)) {
            return;
        }
        lastProgress = text;
        if (TERMINAL) {
            OUT.print("\r\033[2K" + text);
            progressShown = true;
        } else {
            OUT.println(text);
        }
        OUT.flush();
    }

    /** A text progress bar such as {@code [##########..........]  50%}. */
    static String bar(double fraction, int width) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100));
    }

    private void endProgress() {
        if (progressShown) {
            OUT.println();
            progressShown = false;
        }
    }
}
