package dev.exportflow.worker.xlsx;

import java.math.BigDecimal;

/**
 * A number cell's value kept as the text that goes into the sheet's XML: fastexcel writes a {@link Number} it does
 * not know by its {@code toString()}, so the database's own digits go out without a parse and a print per cell.
 * Only text that {@link dev.exportflow.worker.format.PostgresText#isNumber} accepts (or an {@link ExcelSerial}) is
 * wrapped.
 */
final class SpreadsheetNumber extends Number {

    private static final long serialVersionUID = 1L;

    private final String text;

    SpreadsheetNumber(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public int intValue() {
        return decimal().intValue();
    }

    @Override
    public long longValue() {
        return decimal().longValue();
    }

    @Override
    public float floatValue() {
        return decimal().floatValue();
    }

    @Override
    public double doubleValue() {
        return decimal().doubleValue();
    }

    private BigDecimal decimal() {
        return new BigDecimal(text);
    }
}
