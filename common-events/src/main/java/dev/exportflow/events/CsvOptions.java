package dev.exportflow.events;

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

    /** File name suffix for these options. */
    public String fileExtension() {
        return Boolean.TRUE.equals(gzip) ? "csv.gz" : "csv";
    }

    /** Content type of the object in storage. */
    public String contentType() {
        return Boolean.TRUE.equals(gzip) ? "application/gzip" : "text/csv; charset=utf-8";
    }
}
