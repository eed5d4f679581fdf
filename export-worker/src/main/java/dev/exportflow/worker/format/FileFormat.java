package dev.exportflow.worker.format;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportFormat;

/**
 * The checked format and options of one export's file. Options a format does not use (a delimiter for a workbook)
 * keep their defaults: the api refuses them in a request, and a record that carries them anyway changes nothing.
 *
 * @param nullText what a SQL NULL becomes in CSV; never contains the delimiter, a quote or a line break
 */
public record FileFormat(ExportFormat format, char delimiter, boolean header, boolean bom, boolean gzip, ZoneId zone,
        String nullText) {

    /**
     * @param requested the request's format, {@code csv} when null
     * @throws IllegalArgumentException with a message for the user when the request asks for something unsupported
     */
    public static FileFormat of(String requested, CsvOptions options) {
        ExportFormat format = requested == null ? ExportFormat.CSV : ExportFormat.of(requested)
                .orElseThrow(() -> new IllegalArgumentException("The format '" + requested + "' is not supported; use one of "
                        + ExportFormat.names() + "."));
        CsvOptions given = (options == null ? CsvOptions.defaults() : options).withDefaults();
        char delimiter = switch (given.delimiter()) {
            case "," -> ',';
            case ";" -> ';';
            case "\t", "tab", "TAB" -> '\t';
            default -> throw new IllegalArgumentException("The delimiter must be a comma, a semicolon or a tab.");
        };
        ZoneId zone;
        try {
            zone = ZoneId.of(given.timeZone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("The time zone '" + given.timeZone() + "' is unknown.", e);
        }
        String nullText = given.nullText();
        if (nullText.indexOf(delimiter) >= 0 || nullText.indexOf('"') >= 0 || nullText.indexOf('\n') >= 0
                || nullText.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    "The text for empty values must not contain the delimiter, quotes or line breaks.");
        }
        boolean gzip = given.gzip() && format.options().contains("gzip");
        boolean bom = given.bom() && format.options().contains("bom");
        return new FileFormat(format, delimiter, given.header(), bom, gzip, zone, nullText);
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
        return format.fileExtension(gzip);
    }

    public String contentType() {
        return format.contentType(gzip);
    }
}
