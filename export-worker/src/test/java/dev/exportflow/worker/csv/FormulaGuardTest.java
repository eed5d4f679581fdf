package dev.exportflow.worker.csv;

import dev.exportflow.worker.format.PostgresText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way a cell can start a formula in a spreadsheet is defused; text that cannot is left alone. */
class FormulaGuardTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "=SUM(A1)", "+1+1", "-2+3", "@cmd", // the four formula starts
        "\tindented", "\rcarriage", "\nline feed", // control characters a spreadsheet skips before reading the cell
        " =1+1", "   +cmd", "  -5 discount", " @x", // spaces before a formula start
        "\t=1+1", " \t @x", // spaces and tabs mixed
        "\u00A0=1+1", "\u3000=1+1", // a no-break space, an ideographic space
        "\uFF1DSUM(A1)", "\uFF0B1", "\uFF0D1", "\uFF20cmd", // full-width = + - @
        " \uFF1D1", // a space, then a full-width =
    })
    void textThatAFormulaCouldHideInIsDefused(String text) {
        assertThat(FormulaGuard.looksLikeFormula(text)).isTrue();
        assertThat(FormulaGuard.apply(FormulaGuard.Policy.TEXT, text)).isEqualTo("'" + text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "plain", "a=b+c-d@e", "  indented text", "1-2", "2024-03-01", "\u00A0no formula",
        "x\n=not first"})
    void otherTextIsLeftAlone(String text) {
        assertThat(FormulaGuard.looksLikeFormula(text)).isFalse();
        assertThat(FormulaGuard.apply(FormulaGuard.Policy.TEXT, text)).isEqualTo(text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"-5", "+7", "0", "-12.50", ".5", "-.5", "5.", "1e3", "-1.5E-3", "+2e+10", "1234567890123456789"})
    void aColumnDeclaredNumericKeepsItsNumbers(String number) {
        assertThat(PostgresText.isNumber(number)).isTrue();
        assertThat(FormulaGuard.apply(FormulaGuard.Policy.NUMERIC_TEXT, number)).isEqualTo(number);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"=1+1", "-1+2", "+7 ", " -5", "-", "+", "-e5", "-1e", "--5", "-5,0", "@5", "\uFF0D5", "-\uFF15",
        "-Infinity", "-NaN", "\t5", "\n-5"})
    void textInAColumnDeclaredNumericIsDefusedLikeAnyText(String text) {
        assertThat(PostgresText.isNumber(text)).isFalse();
        assertThat(FormulaGuard.apply(FormulaGuard.Policy.NUMERIC_TEXT, text)).isEqualTo("'" + text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"3,5", "abc", "12 apples", "1e", "1.2.3"})
    void textInAColumnDeclaredNumericThatIsNoFormulaStaysAsItIs(String text) {
        assertThat(PostgresText.isNumber(text)).isFalse();
        assertThat(FormulaGuard.apply(FormulaGuard.Policy.NUMERIC_TEXT, text)).isEqualTo(text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"=1+1", "-5", "\tx"})
    void valuesOfColumnsThatCannotHoldAFormulaAreNeverTouched(String value) {
        assertThat(FormulaGuard.apply(FormulaGuard.Policy.NONE, value)).isEqualTo(value);
    }
}
