package dev.exportflow.worker.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Writes the rows of a query into one file of one format, straight into its target stream: nothing but a row and
 * the format's small buffers is held, whatever the size of the file. The reading thread takes each row's cells as the
 * database sent them ({@link #rawCells}); the writing thread converts and writes them ({@link #writeRow}).
 */
public abstract class RowWriter {

    protected final ExportColumn[] columns;
    /** The zone the export shows times in. */
    protected final ZoneId zone;
    /** Whether the database session already prints {@code timestamptz} in {@link #zone}. */
    protected final boolean zonedBySource;

    /**
     * @param zonedBySource whether the database session already prints {@code timestamptz} in the export's zone
     *        (see {@link FileFormat#databaseTimeZone()}); otherwise each value is moved to it here
     */
    protected RowWriter(List<ExportColumn> columns, ZoneId zone, boolean zonedBySource) {
        this.columns = columns.toArray(ExportColumn[]::new);
        this.zone = zone;
        this.zonedBySource = zonedBySource;
    }

    /**
     * The cells of the current row as the database sent them (its text form in UTF-8, the encoding the driver
     * always asks for; null for SQL NULL), without any conversion. Cheap on purpose: the thread that reads the
     * cursor only copies references, so the database is asked for the next rows sooner.
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

    /** Writes one row read by {@link #rawCells}. */
    public abstract void writeRow(byte[][] raw) throws IOException;

    /** Writes what is buffered and ends the file; the target stays open. */
    public abstract void finish() throws IOException;

    /** Frees native memory without writing anything more; for an export that is given up. */
    public abstract void discard();

    /** A raw cell as text; null for SQL NULL. */
    protected static String text(byte[] raw) {
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** A timestamp column's text as ISO 8601; one with a zone in the export's zone, with its offset. */
    protected String isoTimestamp(ColumnKind kind, String text) {
        String iso = PostgresText.isoTimestamp(text);
        return kind == ColumnKind.TIMESTAMP_WITH_ZONE && !zonedBySource ? inExportZone(iso) : iso;
    }

    /** A {@code timestamptz} value in the export's zone; null for text that is no timestamp (infinity, BC dates). */
    private ZonedDateTime zoned(String isoWithOffset) {
        try {
            return OffsetDateTime.parse(isoWithOffset).atZoneSameInstant(zone);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Timestamps with a zone are written in the export's zone, e.g. {@code 2024-03-01T10:15:00+01:00}. */
    public String formatTimestamp(OffsetDateTime value) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.atZoneSameInstant(zone));
    }

    private String inExportZone(String iso) {
        ZonedDateTime moved = zoned(iso);
        return moved == null ? iso : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(moved);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
