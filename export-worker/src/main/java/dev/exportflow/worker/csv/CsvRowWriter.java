package dev.exportflow.worker.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.exportflow.worker.format.ColumnKind;
import dev.exportflow.worker.format.ExportColumn;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.format.Gzip;
import dev.exportflow.worker.format.JacksonRowWriter;
import dev.exportflow.worker.format.PostgresText;

/**
 * Writes rows as RFC 4180 CSV (CRLF line ends, quotes only where needed, quotes doubled) through Jackson's
 * streaming {@link CsvGenerator}, optionally behind a UTF-8 byte order mark and gzip, with text that looks like a
 * formula defused ({@link FormulaGuard}).
 */
public final class CsvRowWriter extends JacksonRowWriter<CsvGenerator> {

    public static final String LINE_END = "\r\n";

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final FormulaGuard.Policy[] guards;
    /** The converted cells of the row being written; reused, rows are written one at a time. */
    private final String[] row;

    private CsvRowWriter(CsvGenerator generator, Gzip gzip, List<ExportColumn> columns, FileFormat format,
            boolean zonedBySource) {
        super(generator, gzip, columns, format.zone(), zonedBySource);
        this.guards = columns.stream().map(FormulaGuard::policyOf).toArray(FormulaGuard.Policy[]::new);
        this.row = new String[columns.size()];
    }

    /** Starts a file on {@code target}: byte order mark and header row when the format asks for them. */
    public static CsvRowWriter open(OutputStream target, FileFormat format, List<ExportColumn> columns, int gzipLevel,
            boolean zonedBySource) throws IOException {
        Gzip gzip = format.gzip() ? new Gzip(target, gzipLevel) : null;
        OutputStream out = gzip == null ? target : gzip;
        if (format.bom()) {
            out.write(UTF8_BOM);
        }
        // Positional columns (the header row is written as data): with them Jackson writes every cell of a row,
        // trailing empty ones included.
        CsvSchema.Builder columnsBuilder = CsvSchema.builder();
        for (int i = 0; i < columns.size(); i++) {
            columnsBuilder.addColumn("c" + i);
        }
        CsvSchema schema = columnsBuilder.build()
                .withoutHeader()
                .withColumnSeparator(format.delimiter())
                .withLineSeparator(LINE_END)
                .withNullValue(format.nullText())
                .withoutComments()
                .withoutEscapeChar();
        CsvGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        generator.setSchema(schema);
        CsvRowWriter writer = new CsvRowWriter(generator, gzip, columns, format, zonedBySource);
        if (format.header()) {
            generator.writeStartArray();
            for (ExportColumn column : columns) {
                generator.writeString(column.label());
            }
            generator.writeEndArray();
        }
        return writer;
    }

    @Override
    public void writeRow(byte[][] raw) throws IOException {
        for (int i = 0; i < columns.length; i++) {
            String text = text(raw[i]);
            row[i] = text == null ? null : switch (columns[i].kind()) {
                case BOOLEAN -> PostgresText.bool(text);
                case TIMESTAMP, TIMESTAMP_WITH_ZONE -> isoTimestamp(columns[i].kind(), text);
                case NUMBER, DATE, PLAIN, TEXT, BYTES -> text;
            };
        }
        writeCells(row);
    }

    /** Writes one row of values already in text form (null for SQL NULL), as {@link #writeRow} would after converting. */
    public void writeValues(List<String> values) throws IOException {
        writeCells(values.toArray(String[]::new));
    }

    /** Numbers bare, text neutralised where its column asks. */
    private void writeCells(String[] cells) throws IOException {
        generator.writeStartArray();
        for (int i = 0; i < columns.length; i++) {
            String value = cells[i];
            if (value == null) {
                generator.writeNull();
            } else if (columns[i].kind() == ColumnKind.NUMBER) {
                generator.writeNumber(value);
            } else {
                generator.writeString(FormulaGuard.apply(guards[i], value));
            }
        }
        generator.writeEndArray();
    }
}
