package dev.exportflow.worker.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.exportflow.events.CsvOptions;

/**
 * The rows every format's golden test writes: one column of each kind, and values that break naive writers: unicode,
 * quotes and line breaks, nulls, negative and large decimals, NaN, text that looks like a formula (also in a column the
 * catalog declares numeric), and timestamps on both sides of Europe's two daylight-saving changes of 2024 (31 March
 * 01:00 UTC and 27 October 01:00 UTC), exported in Europe/Berlin. Each cell is the text PostgreSQL sends.
 */
public final class TrickyRows {

    public static final String ZONE = "Europe/Berlin";

    public static final List<ExportColumn> COLUMNS = List.of(
            new ExportColumn("id", ColumnKind.NUMBER, false),
            new ExportColumn("note", ColumnKind.TEXT, false),
            new ExportColumn("amount", ColumnKind.NUMBER, false),
            new ExportColumn("code", ColumnKind.TEXT, true),
            new ExportColumn("paid", ColumnKind.BOOLEAN, false),
            new ExportColumn("day", ColumnKind.DATE, false),
            new ExportColumn("at", ColumnKind.TIMESTAMP, false),
            new ExportColumn("at_zoned", ColumnKind.TIMESTAMP_WITH_ZONE, false),
            new ExportColumn("ref", ColumnKind.PLAIN, false));

    public static final List<List<String>> ROWS = List.of(
            row("1", "Grüße aus Köln – 東京 📦", "-12.50", "42", "t", "2024-02-29", "2024-03-31 01:30:00",
                    "2024-03-31 00:30:00+00", "5b0e2c55-6f1a-4a8e-9d5e-7a3c2b1f0e99"),
            row("2", "Deliver to the \"back door\",\nring twice", "123456789012345678901234567890.123456789", "=1+1", "f",
                    "1999-12-31", "2024-10-27 02:30:00", "2024-03-31 01:30:00+00", null),
            row("3", "=HYPERLINK(\"http://example.com\")", "NaN", " -5", null, null, null, "2024-10-27 00:30:00+00", "x"),
            row("4", null, "0", "+7", "t", "2024-10-27", "2024-10-27 03:00:00", "2024-10-27 01:30:00+00", ""));

    private TrickyRows() {
    }

    /** The format the golden files were written in: Europe/Berlin, everything else default. */
    public static FileFormat format(String format) {
        return FileFormat.of(format, new CsvOptions(null, null, null, null, ZONE, null));
    }

    /** Writes every row as the reading thread would hand it over, and ends the file. */
    public static void writeAll(RowWriter writer) throws java.io.IOException {
        for (List<String> row : ROWS) {
            writer.writeRow(row.stream().map(cell -> cell == null ? null : cell.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new));
        }
        writer.finish();
    }

    private static List<String> row(String... cells) {
        return Arrays.asList(cells);
    }
}
