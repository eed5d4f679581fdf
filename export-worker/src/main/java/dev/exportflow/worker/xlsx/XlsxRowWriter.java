package dev.exportflow.worker.xlsx;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

import dev.exportflow.worker.format.ExportColumn;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.format.PostgresText;
import dev.exportflow.worker.format.RowWriter;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes rows into an Office Open XML workbook with fastexcel, which zips each sheet straight into the target stream
 * as rows are flushed: memory holds one batch of rows, whatever the size of the file. A bold, frozen header row;
 * numbers as number cells, dates and timestamps as date cells (timestamps with a zone in the export's zone), booleans as
 * boolean cells, and every text as an inline string: a value that looks like a formula is never one. A sheet holds at
 * most {@value #MAX_ROWS} rows (Excel's limit, header included); the next rows go to {@code orders (2)} and so on.
 */
public final class XlsxRowWriter extends RowWriter {

    /** Excel's row limit per sheet. */
    public static final int MAX_ROWS = 1_048_576;
    static final String DATE_FORMAT = "yyyy-mm-dd";
    static final String TIMESTAMP_FORMAT = "yyyy-mm-dd hh:mm:ss";
    private static final int FLUSH_EVERY = 1000;
    private static final int MAX_SHEET_NAME = 31;
    /** The version fastexcel writes into the workbook's properties (major.minor). */
    private static final String APPLICATION_VERSION = "1.0";

    private final Workbook workbook;
    private final String sheetName;
    private final int rowsPerSheet;
    private Worksheet sheet;
    private int sheets;
    private int row;
    private int unstyledFrom;

    private XlsxRowWriter(Workbook workbook, List<ExportColumn> columns, FileFormat format, boolean zonedBySource,
            String sheetName, int rowsPerSheet) {
        super(columns, format.zone(), zonedBySource);
        this.workbook = workbook;
        this.sheetName = sheetName;
        this.rowsPerSheet = rowsPerSheet;
    }

    /**
     * Starts a workbook on {@code target}; its first sheet is named after the dataset.
     *
     * @param rowsPerSheet rows of a sheet, header included ({@link #MAX_ROWS}; tests pass fewer)
     */
    public static XlsxRowWriter open(OutputStream target, FileFormat format, List<ExportColumn> columns, boolean zonedBySource,
            String dataset, int rowsPerSheet) {
        Workbook workbook = new Workbook(target, "ExportFlow", APPLICATION_VERSION);
        workbook.setCompressionLevel(1);
        XlsxRowWriter writer = new XlsxRowWriter(workbook, columns, format, zonedBySource, sheetName(dataset), rowsPerSheet);
        writer.startSheet();
        return writer;
    }

    @Override
    public void writeRow(byte[][] raw) throws IOException {
        if (row == rowsPerSheet) {
            endSheet();
            startSheet();
        }
        for (int c = 0; c < columns.length; c++) {
            String text = text(raw[c]);
            if (text != null) {
                cell(c, columns[c], text);
            }
        }
        row++;
        if (row - unstyledFrom >= FLUSH_EVERY) {
            styleAndFlush();
        }
    }

    @Override
    public void finish() throws IOException {
        endSheet();
        workbook.finish();
    }

    @Override
    public void discard() {
        // fastexcel holds no native memory: whatever it wrote is aborted with the upload
    }

    private void cell(int c, ExportColumn column, String text) {
        switch (column.kind()) {
            case NUMBER -> number(c, text);
            case TEXT -> {
                if (column.numericText() && PostgresText.isNumber(text)) {
                    // text typed by people (+7, 5.): BigDecimal makes it a number as every reader spells it
                    sheet.value(row, c, new BigDecimal(text));
                } else {
                    sheet.inlineString(row, c, text);
                }
            }
            case BOOLEAN -> {
                String bool = PostgresText.bool(text);
                if (bool.equals("true") || bool.equals("false")) {
                    sheet.value(row, c, Boolean.valueOf(bool));
                } else {
                    sheet.inlineString(row, c, text);
                }
            }
            case DATE -> date(c, text);
            case TIMESTAMP -> timestamp(c, text);
            case TIMESTAMP_WITH_ZONE -> zonedTimestamp(c, text);
            case PLAIN, BYTES -> sheet.inlineString(row, c, text);
            default -> throw new IllegalStateException(column.kind().name());
        }
    }

    /**
     * A numeric column's value as the database printed it (canonical digits, no parse and print); NaN and infinity,
     * which PostgreSQL's numeric can hold, are no spreadsheet numbers: they stay text.
     */
    private void number(int c, String text) {
        if (PostgresText.isNumber(text)) {
            sheet.value(row, c, new SpreadsheetNumber(text));
        } else {
            sheet.inlineString(row, c, text);
        }
    }

    /** Dates before 1900-03-01, infinity and BC dates have no faithful serial: they stay PostgreSQL's own text. */
    private void date(int c, String text) {
        serialOrText(c, ExcelSerial.ofDate(text), text);
    }

    private void timestamp(int c, String text) {
        serialOrText(c, ExcelSerial.ofTimestamp(text, null), text);
    }

    private void zonedTimestamp(int c, String text) {
        serialOrText(c, ExcelSerial.ofTimestamp(text, zonedBySource ? null : zone), text);
    }

    private void serialOrText(int c, String serial, String text) {
        if (serial == null) {
            sheet.inlineString(row, c, text);
        } else {
            sheet.value(row, c, new SpreadsheetNumber(serial));
        }
    }

    private void startSheet() {
        sheets++;
        sheet = workbook.newWorksheet(sheets == 1 ? sheetName : numbered(sheetName, sheets));
        for (int c = 0; c < columns.length; c++) {
            sheet.width(c, width(columns[c]));
            sheet.inlineString(0, c, columns[c].label());
        }
        sheet.range(0, 0, 0, columns.length - 1).style().bold().set();
        sheet.freezePane(0, 1);
        row = 1;
        unstyledFrom = 1;
    }

    private void endSheet() throws IOException {
        styleAndFlush();
        sheet.finish();
    }

    /** Date and timestamp cells get their number format in ranges, once per batch, before the batch leaves memory. */
    private void styleAndFlush() throws IOException {
        if (row > unstyledFrom) {
            for (int c = 0; c < columns.length; c++) {
                String format = switch (columns[c].kind()) {
                    case DATE -> DATE_FORMAT;
                    case TIMESTAMP, TIMESTAMP_WITH_ZONE -> TIMESTAMP_FORMAT;
                    default -> null;
                };
                if (format != null) {
                    sheet.range(unstyledFrom, c, row - 1, c).style().format(format).set();
                }
            }
        }
        sheet.flush();
        unstyledFrom = row;
    }

    /** Wide enough for what the kind holds or the header, whichever is wider (a streamed sheet cannot measure its data). */
    static double width(ExportColumn column) {
        int forKind = switch (column.kind()) {
            case NUMBER -> 14;
            case BOOLEAN -> 8;
            case DATE -> 12;
            case TIMESTAMP, TIMESTAMP_WITH_ZONE -> 20;
            case PLAIN, BYTES -> 24;
            case TEXT -> 24;
        };
        return Math.min(60, Math.max(forKind, column.label().length() + 2));
    }

    /** Excel's rules for sheet names: at most 31 characters, none of {@code [ ] : * ? / \}. */
    static String sheetName(String dataset) {
        String name = (dataset == null || dataset.isBlank() ? "export" : dataset).replaceAll("[\\[\\]:*?/\\\\]", "_");
        return name.length() > MAX_SHEET_NAME ? name.substring(0, MAX_SHEET_NAME) : name;
    }

    static String numbered(String base, int number) {
        String suffix = " (" + number + ")";
        return (base.length() + suffix.length() > MAX_SHEET_NAME ? base.substring(0, MAX_SHEET_NAME - suffix.length()) : base)
                + suffix;
    }
}
