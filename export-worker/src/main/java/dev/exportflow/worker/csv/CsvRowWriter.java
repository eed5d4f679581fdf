package dev.exportflow.worker.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
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

    private CsvRowWriter(CsvGenerator generator, Gzip gzip, List<CsvColumn> columns, ZoneId zone) {
        this.generator = generator;
        this.gzip = gzip;
        this.columns = columns.toArray(CsvColumn[]::new);
        this.zone = zone;
    }

    /** Starts a file on {@code target}: byte order mark and header row when the format asks for them. */
    public static CsvRowWriter open(OutputStream target, CsvFormat format, List<CsvColumn> columns, int gzipLevel)
            throws IOException {
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
        CsvRowWriter writer = new CsvRowWriter(generator, gzip, columns, format.zone());
        if (format.header()) {
            generator.writeStartArray();
            for (CsvColumn column : columns) {
                generator.writeString(column.label());
            }
            generator.writeEndArray();
        }
        return writer;
    }

    /** Writes the current row of {@code row}, column by column in the order of {@link #open}'s columns. */
    public void writeRow(ResultSet row) throws SQLException, IOException {
        generator.writeStartArray();
        for (int i = 0; i < columns.length; i++) {
            CsvColumn column = columns[i];
            int index = i + 1;
            switch (column.kind()) {
                case NUMBER -> {
                    String number = row.getString(index);
                    if (number == null) {
                        generator.writeNull();
                    } else {
                        generator.writeNumber(number);
                    }
                }
                case BOOLEAN -> {
                    boolean value = row.getBoolean(index);
                    writeText(row.wasNull() ? null : value ? "true" : "false", false);
                }
                case TIMESTAMP_WITH_ZONE -> {
                    OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
                    writeText(value == null ? null : formatTimestamp(value), false);
                }
                case TIMESTAMP -> {
                    LocalDateTime value = row.getObject(index, LocalDateTime.class);
                    writeText(value == null ? null : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value), false);
                }
                case PLAIN -> writeText(row.getString(index), false);
                case TEXT -> writeText(row.getString(index), column.neutralise());
                default -> throw new IllegalStateException(column.kind().name());
            }
        }
        generator.writeEndArray();
    }

    /** Writes one row of values already in text form (null for SQL NULL); for callers that have no ResultSet. */
    public void writeValues(List<String> values) throws IOException {
        generator.writeStartArray();
        for (int i = 0; i < columns.length; i++) {
            String value = values.get(i);
            if (columns[i].kind() == ColumnKind.NUMBER && value != null) {
                generator.writeNumber(value);
            } else {
                writeText(value, columns[i].neutralise());
            }
        }
        generator.writeEndArray();
    }

    /** Timestamps with a zone are written in the export's zone, e.g. {@code 2024-03-01T10:15:00+01:00}. */
    public String formatTimestamp(OffsetDateTime value) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.atZoneSameInstant(zone));
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
