package dev.exportflow.worker.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

    private CsvRowWriter(CsvGenerator generator, Gzip gzip, List<CsvColumn> columns, ZoneId zone, boolean zonedBySource) {
        this.generator = generator;
        this.gzip = gzip;
        this.columns = columns.toArray(CsvColumn[]::new);
        this.zone = zone;
        this.zonedBySource = zonedBySource;
    }

    /**
     * Starts a file on {@code target}: byte order mark and header row when the format asks for them.
     *
     * @param zonedBySource whether the database session already prints {@code timestamptz} in the export's zone
     *        (see {@link CsvFormat#databaseTimeZone()}); otherwise each value is converted here
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
     * The text of every cell of the current row (null for SQL NULL), converted as its column needs
     * (booleans, timestamps). Safe to call on another thread than the one writing: see {@link #writeCells}.
     */
    public String[] cellsOf(ResultSet row) throws SQLException {
        String[] cells = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            int index = i + 1;
            cells[i] = switch (columns[i].kind()) {
                case BOOLEAN -> {
                    boolean value = row.getBoolean(index);
                    yield row.wasNull() ? null : value ? "true" : "false";
                }
                case TIMESTAMP_WITH_ZONE -> {
                    if (zonedBySource) {
                        yield isoTimestamp(row.getString(index));
                    }
                    OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
                    yield value == null ? null : formatTimestamp(value);
                }
                case TIMESTAMP -> isoTimestamp(row.getString(index));
                case NUMBER, PLAIN, TEXT -> text(row.getBytes(index));
            };
        }
        return cells;
    }

    /**
     * The cell text from the column's raw bytes. The source sends text columns as UTF-8; the JDK's
     * decoder (with its ASCII fast path) costs a fraction of the driver's own, on every cell of every row.
     */
    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /** Writes the current row of {@code row}, column by column in the order of {@link #open}'s columns. */
    public void writeRow(ResultSet row) throws SQLException, IOException {
        writeCells(cellsOf(row));
    }

    /** Writes one row of cells as {@link #cellsOf} reads them: numbers bare, text neutralised where its column asks. */
    public void writeCells(String[] cells) throws IOException {
        generator.writeStartArray();
        for (int i = 0; i < columns.length; i++) {
            String value = cells[i];
            if (columns[i].kind() == ColumnKind.NUMBER && value != null) {
                generator.writeNumber(value);
            } else {
                writeText(value, columns[i].neutralise());
            }
        }
        generator.writeEndArray();
    }

    /** Writes one row of values already in text form (null for SQL NULL); for callers that have no ResultSet. */
    public void writeValues(List<String> values) throws IOException {
        writeCells(values.toArray(String[]::new));
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

    private void writeText(String value, boolean neutralise) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else {
            generator.writeString(neutralise ? FormulaGuard.neutralise(value) : value);
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
