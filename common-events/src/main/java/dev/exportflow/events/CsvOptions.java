package dev.exportflow.events;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a CSV file is written. Every field is optional in JSON; {@link #withDefaults()} fills the gaps
 * so that producers and consumers agree on one meaning of "not given".
 *
 * @param delimiter {@code ","}, {@code ";"} or a tab
 * @param header whether the first line names the columns
 * @param bom whether the file starts with a UTF-8 byte order mark (for Excel)
 * @param gzip whether the file is gzip-compressed ({@code .csv.gz})
 * @param timeZone IANA zone used to format timestamps
 * @param nullText what a SQL NULL becomes (default: empty cell)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CsvOptions(String delimiter, Boolean header, Boolean bom, Boolean gzip, String timeZone, String nullText) {

    public static final String DEFAULT_DELIMITER = ",";
    public static final String DEFAULT_TIME_ZONE = "UTC";

    public static CsvOptions defaults() {
        return new CsvOptions(null, null, null, null, null, null).withDefaults();
    }

    public CsvOptions withDefaults() {
        return new CsvOptions(
                delimiter == null ? DEFAULT_DELIMITER : delimiter,
                header == null ? Boolean.TRUE : header,
                bom == null ? Boolean.FALSE : bom,
                gzip == null ? Boolean.FALSE : gzip,
                timeZone == null ? DEFAULT_TIME_ZONE : timeZone,
                nullText == null ? "" : nullText);
    }

    /**
     * Only the options named (a format's, see {@link ExportFormat#options()}); the others null, so that a workbook's
     * job does not echo a delimiter it never uses.
     */
    public CsvOptions onlyFor(Set<String> names) {
        return new CsvOptions(names.contains("delimiter") ? delimiter : null, names.contains("header") ? header : null,
                names.contains("bom") ? bom : null, names.contains("gzip") ? gzip : null,
                names.contains("timeZone") ? timeZone : null, names.contains("nullText") ? nullText : null);
    }

    /** File name suffix for these options. */
    public String fileExtension() {
        return Boolean.TRUE.equals(gzip) ? "csv.gz" : "csv";
    }

    /** Content type of the object in storage. */
    public String contentType() {
        return Boolean.TRUE.equals(gzip) ? "application/gzip" : "text/csv; charset=utf-8";
    }
}
