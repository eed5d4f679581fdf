package dev.exportflow.worker.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Writes rows as RFC 4180 CSV (CRLF line ends, quotes only where needed, quotes doubled) through Jackson's
 * streaming {@link CsvGenerator}, optionally behind a UTF-8 byte order mark and gzip. Rows go straight
 * to the target stream; nothing but Jackson's small buffers is held.
 */
public final class CsvRowWriter {

    public static final String LINE_END = "\r\n";

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int GZIP_BUFFER = 64 * 1024;
    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final CsvGenerator generator;
    private final Gzip gzip;
    private final CsvColumn[] columns;
    private final ZoneId zone;
    private final boolean zonedBySource;
    /** The converted cells of the row being written; reused, rows are written one at a time. */
    private final String[] row;

    private CsvRowWriter(CsvGenerator generator, Gzip gzip, List<CsvColumn> columns, ZoneId zone, boolean zonedBySource) {
        this.generator = generator;
        this.gzip = gzip;
        this.columns = columns.toArray(CsvColumn[]::new);
        this.zone = zone;
        this.zonedBySource = zonedBySource;
        this.row = new String[columns.size()];
    }

    /**
     * Starts a file on {@code target}: byte order mark and header row when the format asks for them.
     *
     * @param zonedBySource whether the database session already prints {@code timestamptz} in the export's zone
     *        (see {@link CsvFormat#databaseTimeZone()}); otherwise each value is converted here from the offset it
     *        was printed with
     */
    public static CsvRowWriter open(OutputStream target, CsvFormat format, List<CsvColumn> columns, int gzipLevel,
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
        CsvRowWriter writer = new CsvRowWriter(generator, gzip, columns, format.zone(), zonedBySource);
        if (format.header()) {
            generator.writeStartArray();
            for (CsvColumn column : columns) {
                generator.writeString(column.label());
            }
            generator.writeEndArray();
        }
        return writer;
    }

    /**
     * The cells of the current row as the database sent them (its text form in UTF-8, the encoding the driver
     * always asks for; null for SQL NULL), without any conversion. Cheap on purpose: the thread that reads the
     * cursor only copies references, so the database is asked for the next rows sooner; {@link #writeRow} does the
     * converting on the writing thread.
     */
    public byte[][] rawCells(ResultSet row) throws SQLException {
        byte[][] cells = new byte[columns.length][];
        for (int i = 0; i < columns.length; i++) {
            // The driver hands out its own buffer for text columns; bytea alone is decoded by getBytes, so its
            // printed (hex) form is read as a string instead.
            cells[i] = columns[i].kind() == ColumnKind.BYTES ? utf8(row.getString(i + 1)) : row.getBytes(i + 1);
        }
        return cells;
    }

    /** Writes one row read by {@link #rawCells}, each cell converted as its column needs (booleans, timestamps). */
    public void writeRow(byte[][] raw) throws IOException {
        for (int i = 0; i < columns.length; i++) {
            String text = raw[i] == null ? null : new String(raw[i], StandardCharsets.UTF_8);
            row[i] = text == null ? null : switch (columns[i].kind()) {
                case BOOLEAN -> "t".equals(text) ? "true" : "f".equals(text) ? "false" : text;
                case TIMESTAMP -> isoTimestamp(text);
                case TIMESTAMP_WITH_ZONE -> zonedBySource ? isoTimestamp(text) : inExportZone(isoTimestamp(text));
                case NUMBER, PLAIN, TEXT, BYTES -> text;
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
            if (columns[i].kind() == ColumnKind.NUMBER && value != null) {
                generator.writeNumber(value);
            } else {
                writeText(value, columns[i].guard());
            }
        }
        generator.writeEndArray();
    }

    /** An ISO timestamp with an offset, moved to the export's zone; text that is no such timestamp stays as it is. */
    private String inExportZone(String iso) {
        try {
            return formatTimestamp(OffsetDateTime.parse(iso));
        } catch (DateTimeParseException e) {
            return iso; // infinity, BC dates: PostgreSQL's own text
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Timestamps with a zone are written in the export's zone, e.g. {@code 2024-03-01T10:15:00+01:00}. */
    public String formatTimestamp(OffsetDateTime value) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.atZoneSameInstant(zone));
    }

    /**
     * PostgreSQL's ISO output ({@code 2024-03-01 10:15:00.5+01}, {@code 2024-03-01 09:15:00}) as ISO 8601
     * ({@code 2024-03-01T10:15:00.5+01:00}, {@code Z} for UTC), the same text {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
     * gives. Values it cannot have come from (infinity, BC, years past 9999) stay as PostgreSQL printed them.
     */
    static String isoTimestamp(String text) {
        if (text == null || text.length() < 19 || text.charAt(10) != ' ' || text.endsWith(" BC")) {
            return text;
        }
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (sign < 19) {
            return text.substring(0, 10) + 'T' + text.substring(11);
        }
        StringBuilder iso = new StringBuilder(text.length() + 4).append(text, 0, 10).append('T').append(text, 11, sign);
        if (text.length() - sign == 3) {
            return text.startsWith("00", sign + 1) ? iso.append('Z').toString()
                    : iso.append(text, sign, text.length()).append(":00").toString();
        }
        return iso.append(text, sign, text.length()).toString();
    }

    /** Writes what is buffered and ends the gzip stream; the target stays open. */
    public void finish() throws IOException {
        generator.flush();
        generator.close();
        if (gzip != null) {
            gzip.finish();
            gzip.release();
        }
    }

    /** Frees native memory without writing anything more; for an export that is given up. */
    public void discard() {
        if (gzip != null) {
            gzip.release();
        }
    }

    private void writeText(String value, FormulaGuard.Policy guard) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else {
            generator.writeString(FormulaGuard.apply(guard, value));
        }
    }

    /** Gzip with a chosen level and a way to free the deflater without finishing the stream. */
    private static final class Gzip extends GZIPOutputStream {

        Gzip(OutputStream target, int level) throws IOException {
            super(target, GZIP_BUFFER);
            def.setLevel(level);
        }

        void release() {
            def.end();
        }

        @Override
        public void close() throws IOException {
            finish();
            release();
        }
    }
}
