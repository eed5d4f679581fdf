package dev.exportflow.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The file formats an export can be written in, what each is called in a request ({@code "format": "xlsx"}), the
 * file's extension and content type, and which of the request's options apply to it.
 */
public enum ExportFormat {

    /** RFC 4180 text; every option applies. */
    CSV("csv", "text/csv; charset=utf-8", Set.of("delimiter", "header", "bom", "gzip", "timeZone", "nullText")),
    /** An Office Open XML workbook: a bold, frozen header row, typed cells, a sheet per 1,048,576 rows. */
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Set.of("timeZone")),
    /** One JSON object per row, keyed by the column names. */
    JSONL("jsonl", "application/x-ndjson", Set.of("gzip", "timeZone"));

    private static final String GZIP_CONTENT_TYPE = "application/gzip";

    private final String requestName;
    private final String contentType;
    private final Set<String> options;

    ExportFormat(String requestName, String contentType, Set<String> options) {
        this.requestName = requestName;
        this.contentType = contentType;
        this.options = options;
    }

    /** The name a request uses, e.g. {@code xlsx}. */
    public String requestName() {
        return requestName;
    }

    /** The request options (fields of {@link CsvOptions}) this format honours; any other given option is refused. */
    public Set<String> options() {
        return options;
    }

    public String fileExtension(boolean gzip) {
        return gzip ? requestName + ".gz" : requestName;
    }

    public String contentType(boolean gzip) {
        return gzip ? GZIP_CONTENT_TYPE : contentType;
    }

    /** The format a request names (case-insensitive, surrounding blanks ignored); empty for anything else. */
    public static Optional<ExportFormat> of(String requested) {
        if (requested == null) {
            return Optional.empty();
        }
        String name = requested.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.requestName.equals(name)).findFirst();
    }

    /**
     * The format a file's name says ({@code orders-2025-03-05.xlsx}, {@code orders-2025-03-05.jsonl.gz}); empty for any
     * other.
     */
    public static Optional<ExportFormat> ofFileName(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> name.endsWith("." + format.fileExtension(false))
                        || name.endsWith("." + format.fileExtension(true)))
                .findFirst();
    }

    /** Whether a file's name says it is gzip-compressed. */
    public static boolean isGzipped(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** Every request name, for error messages and the dataset listing. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(ExportFormat::requestName).toList());
    }
}
