package dev.exportflow.worker.csv;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import dev.exportflow.events.CsvOptions;

/**
 * The checked CSV options of one export.
 *
 * @param nullText what a SQL NULL becomes; never contains the delimiter, a quote or a line break
 */
public record CsvFormat(char delimiter, boolean header, boolean bom, boolean gzip, ZoneId zone, String nullText) {

    public static final String FORMAT = "csv";

    /**
     * @throws IllegalArgumentException with a message for the user when the request asks for something unsupported
     */
    public static CsvFormat of(String format, CsvOptions requested) {
        if (format != null && !FORMAT.equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("The format '" + format + "' is not supported; only csv is.");
        }
        CsvOptions options = (requested == null ? CsvOptions.defaults() : requested).withDefaults();
        char delimiter = switch (options.delimiter()) {
            case "," -> ',';
            case ";" -> ';';
            case "\t", "tab", "TAB" -> '\t';
            default -> throw new IllegalArgumentException("The delimiter must be a comma, a semicolon or a tab.");
        };
        ZoneId zone;
        try {
            zone = ZoneId.of(options.timeZone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("The time zone '" + options.timeZone() + "' is unknown.", e);
        }
        String nullText = options.nullText();
        if (nullText.indexOf(delimiter) >= 0 || nullText.indexOf('"') >= 0 || nullText.indexOf('\n') >= 0
                || nullText.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    "The text for empty values must not contain the delimiter, quotes or line breaks.");
        }
        return new CsvFormat(delimiter, options.header(), options.bom(), options.gzip(), zone, nullText);
    }

    /**
     * The zone to give the source database's session so that it prints {@code timestamptz} values in the export's zone
     * itself (much cheaper than parsing and formatting each value here). Empty for fixed offsets other than UTC:
     * PostgreSQL reads {@code +02:00} as a POSIX zone, west of Greenwich, so those are formatted here instead.
     */
    public Optional<String> databaseTimeZone() {
        ZoneId normalized = zone.normalized();
        if (normalized instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? Optional.of("UTC") : Optional.empty();
        }
        return Optional.of(zone.getId());
    }

    public String fileExtension() {
        return gzip ? "csv.gz" : "csv";
    }

    public String contentType() {
        return gzip ? "application/gzip" : "text/csv; charset=utf-8";
    }
}
