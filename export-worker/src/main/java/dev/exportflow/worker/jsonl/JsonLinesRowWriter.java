package dev.exportflow.worker.jsonl;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import dev.exportflow.worker.format.ExportColumn;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.format.Gzip;
import dev.exportflow.worker.format.JacksonRowWriter;
import dev.exportflow.worker.format.PostgresText;

/**
 * Writes rows as JSON Lines through Jackson's streaming generator: one object per line, keyed by the column labels;
 * numbers as JSON numbers, booleans as booleans, SQL NULL as null, timestamps as ISO 8601 (with the offset of the
 * export's zone where the column has a zone), everything else as strings. Optionally gzip-compressed.
 */
public final class JsonLinesRowWriter extends JacksonRowWriter<JsonGenerator> {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** Characters beyond the Basic Multilingual Plane (emoji, rare CJK) as UTF-8, not as escaped surrogate pairs. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final SerializedString[] keys;

    private JsonLinesRowWriter(JsonGenerator generator, Gzip gzip, List<ExportColumn> columns, FileFormat format,
            boolean zonedBySource) {
        super(generator, gzip, columns, format.zone(), zonedBySource);
        this.keys = columns.stream().map(column -> new SerializedString(column.label())).toArray(SerializedString[]::new);
    }

    public static JsonLinesRowWriter open(OutputStream target, FileFormat format, List<ExportColumn> columns, int gzipLevel,
            boolean zonedBySource) throws IOException {
        Gzip gzip = format.gzip() ? new Gzip(target, gzipLevel) : null;
        JsonGenerator generator = FACTORY.createGenerator(gzip == null ? target : gzip, JsonEncoding.UTF8);
        // one object per line: no space between root values but the line end itself
        generator.setRootValueSeparator(null);
        return new JsonLinesRowWriter(generator, gzip, columns, format, zonedBySource);
    }

    @Override
    public void writeRow(byte[][] raw) throws IOException {
        generator.writeStartObject();
        for (int i = 0; i < columns.length; i++) {
            generator.writeFieldName(keys[i]);
            String text = text(raw[i]);
            if (text == null) {
                generator.writeNull();
                continue;
            }
            switch (columns[i].kind()) {
                case NUMBER -> number(text);
                case TEXT -> {
                    if (columns[i].numericText()) {
                        number(text);
                    } else {
                        generator.writeString(text);
                    }
                }
                case BOOLEAN -> bool(text);
                case TIMESTAMP, TIMESTAMP_WITH_ZONE -> generator.writeString(isoTimestamp(columns[i].kind(), text));
                case DATE, PLAIN, BYTES -> generator.writeString(text);
                default -> throw new IllegalStateException(columns[i].kind().name());
            }
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
    }

    /**
     * A number as JSON writes numbers: as it is when it already is one (what PostgreSQL prints), normalised when only
     * the sign or leading zeros are not ({@code +7}, {@code 007}, {@code .5}), and as a string when it is no number at
     * all (NaN and infinity, which PostgreSQL's numeric can hold).
     */
    private void number(String text) throws IOException {
        if (isJsonNumber(text)) {
            generator.writeNumber(text);
        } else if (PostgresText.isNumber(text)) {
            generator.writeNumber(new BigDecimal(text));
        } else {
            generator.writeString(text);
        }
    }

    /** RFC 8259's number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    static boolean isJsonNumber(String text) {
        return JSON_NUMBER.matcher(text).matches();
    }

    private void bool(String text) throws IOException {
        String bool = PostgresText.bool(text);
        if (bool.equals("true") || bool.equals("false")) {
            generator.writeBoolean(Boolean.parseBoolean(bool));
        } else {
            generator.writeString(text);
        }
    }
}
