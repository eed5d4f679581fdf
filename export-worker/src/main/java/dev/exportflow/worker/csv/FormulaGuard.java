package dev.exportflow.worker.csv;

/**
 * Defuses CSV injection (OWASP): a spreadsheet runs a cell that starts with {@code = + - @}, a tab or a
 * carriage return as a formula, so such text gets a leading single quote and is shown as typed.
 */
public final class FormulaGuard {

    private FormulaGuard() {
    }

    public static boolean looksLikeFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    public static String neutralise(String text) {
        return looksLikeFormula(text) ? "'" + text : text;
    }
}
