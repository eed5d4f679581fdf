package dev.exportflow.worker.csv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.worker.format.ColumnKind;
import dev.exportflow.worker.format.ExportColumn;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.format.PostgresText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Golden tests: the exact bytes of small files for every CSV corner case and option. */
class CsvRowWriterTest {

    private static final List<ExportColumn> COLUMNS = List.of(
            new ExportColumn("id", ColumnKind.NUMBER, false),
            new ExportColumn("text", ColumnKind.TEXT, false),
            new ExportColumn("amount", ColumnKind.NUMBER, false),
            new ExportColumn("code", ColumnKind.TEXT, true));

    @Test
    void plainValuesAreWrittenUnquotedWithCrlfLineEnds() throws IOException {
        String csv = write(CsvOptions.defaults(), List.of(row("1", "Ada Lovelace", "12.50", "A-1")));

        assertThat(csv).isEqualTo("id,text,amount,code\r\n1,Ada Lovelace,12.50,A-1\r\n");
    }

    /** One row in, its line out (after the header): the cell rules of RFC 4180 and of OWASP's CSV injection advice. */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cellRules")
    void cellsAreQuotedAndDefusedAsTheRulesSay(String rule, List<String> row, String line) throws IOException {
        assertThat(write(CsvOptions.defaults(), List.of(row))).isEqualTo("id,text,amount,code\r\n" + line + "\r\n");
    }

    /**
     * Column {@code text} defuses formulas; {@code id} and {@code amount} are numeric, {@code code} is text declared
     * numeric: its numbers stay as they are, any other value is defused like text.
     */
    static Stream<Arguments> cellRules() {
        String quoted = "commas, quotes and line breaks are quoted, quotes doubled";
        String defused = "formula-like text is neutralised, numbers are not, also not in a column declared numeric";
        return Stream.of(
                arguments(quoted, row("1", "Deliver to the \"back door\", ring twice", "1", "x"),
                        "1,\"Deliver to the \"\"back door\"\", ring twice\",1,x"),
                arguments(quoted, row("2", "Fragile\nHandle with care", "2", "x"), "2,\"Fragile\nHandle with care\",2,x"),
                arguments(quoted, row("3", "windows\r\nline", "3", "x"), "3,\"windows\r\nline\",3,x"),
                arguments(defused, row("-1", "=HYPERLINK(\"http://example.com\",\"click\")", "-12.50", "-5"),
                        "-1,\"'=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\",-12.50,-5"),
                arguments(defused, row("2", "+49 30 1234", "+3", "=1+1"), "2,'+49 30 1234,+3,'=1+1"),
                arguments(defused, row("3", "-5 discount applied", "0", "@x"), "3,'-5 discount applied,0,'@x"),
                arguments(defused, row("8", "\n=cmd", "1", "+7"), "8,\"'\n=cmd\",1,+7"),
                arguments(defused, row("9", "  =1+1", "1", " -5"), "9,'  =1+1,1,' -5"),
                arguments(defused, row("10", "\uFF1DSUM(A1)", "1", "\uFF0D5"), "10,'\uFF1DSUM(A1),1,'\uFF0D5"),
                arguments(defused, row("4", "@SUM(A1)", "1", "x"), "4,'@SUM(A1),1,x"),
                arguments(defused, row("5", "\tindented", "1", "x"), "5,'\tindented,1,x"),
                arguments(defused, row("6", "\rcarriage", "1", "x"), "6,\"'\rcarriage\",1,x"),
                arguments(defused, row("7", "a=b+c-d@e", "1", "x"), "7,a=b+c-d@e,1,x"));
    }

    @Test
    void unicodeIsWrittenAsUtf8() throws IOException {
        byte[] bytes = writeBytes(CsvOptions.defaults(), List.of(row("1", "Grüße aus Köln – 東京 📦", "1", "é")));

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("id,text,amount,code\r\n1,Grüße aus Köln – 東京 📦,1,é\r\n");
        assertThat(bytes).startsWith("id".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nullsBecomeTheNullTextAndEmptyTrailingCellsKeepTheirDelimiter() throws IOException {
        assertThat(write(CsvOptions.defaults(), List.of(row("1", null, null, null))))
                .isEqualTo("id,text,amount,code\r\n1,,,\r\n");
        CsvOptions nullText = new CsvOptions(null, null, null, null, null, "NULL");
        assertThat(write(nullText, List.of(row(null, "", null, "x"))))
                .isEqualTo("id,text,amount,code\r\nNULL,,NULL,x\r\n");
    }

    @Test
    void semicolonAndTabDelimitersQuoteCellsThatContainThem() throws IOException {
        CsvOptions semicolon = new CsvOptions(";", null, null, null, null, null);
        assertThat(write(semicolon, List.of(row("1", "a;b", "1,5", "c,d"))))
                .isEqualTo("id;text;amount;code\r\n1;\"a;b\";1,5;c,d\r\n");
        CsvOptions tab = new CsvOptions("\t", null, null, null, null, null);
        assertThat(write(tab, List.of(row("1", "a\tb", "2", "c d"))))
                .isEqualTo("id\ttext\tamount\tcode\r\n1\t\"a\tb\"\t2\tc d\r\n");
    }

    @Test
    void theHeaderCanBeLeftOut() throws IOException {
        CsvOptions noHeader = new CsvOptions(null, false, null, null, null, null);

        assertThat(write(noHeader, List.of(row("1", "x", "2", "y")))).isEqualTo("1,x,2,y\r\n");
    }

    @Test
    void aByteOrderMarkPrecedesTheFileForExcel() throws IOException {
        CsvOptions bom = new CsvOptions(null, null, true, null, null, null);

        byte[] bytes = writeBytes(bom, List.of(row("1", "ä", "2", "y")));

        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("id,text,amount,code\r\n1,ä,2,y\r\n");
    }

    @Test
    void gzipRoundTripGivesTheSameCsv() throws IOException {
        List<List<String>> rows = List.of(row("1", "Grüße, \"quoted\"", "-1.5", null), row("2", "=cmd", "2", "z"));
        String plain = write(CsvOptions.defaults(), rows);
        CsvOptions gzipped = new CsvOptions(null, null, true, true, null, null);

        byte[] compressed = writeBytes(gzipped, rows);

        assertThat(compressed[0]).isEqualTo((byte) 0x1f);
        assertThat(compressed[1]).isEqualTo((byte) 0x8b);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] unpacked = in.readAllBytes();
            assertThat(Arrays.copyOf(unpacked, 3)).containsExactly(0xEF, 0xBB, 0xBF);
            assertThat(new String(unpacked, 3, unpacked.length - 3, StandardCharsets.UTF_8)).isEqualTo(plain);
        }
    }

    @Test
    void timestampsAreWrittenInTheChosenZoneWithTheirOffset() throws IOException {
        FileFormat berlin = FileFormat.of("csv", new CsvOptions(null, null, null, null, "Europe/Berlin", null));
        CsvRowWriter writer = CsvRowWriter.open(new ByteArrayOutputStream(), berlin, COLUMNS, 1, false);

        assertThat(writer.formatTimestamp(OffsetDateTime.parse("2024-03-01T09:15:00Z"))).isEqualTo("2024-03-01T10:15:00+01:00");
        assertThat(writer.formatTimestamp(OffsetDateTime.parse("2024-07-01T22:30:00.5Z")))
                .isEqualTo("2024-07-02T00:30:00.5+02:00");
        assertThat(FileFormat.of("csv", CsvOptions.defaults()).zone()).isEqualTo(ZoneId.of("UTC"));
        writer.discard();
    }

    @Test
    void postgresTimestampTextBecomesIso8601LikeJavaFormatsIt() {
        assertThat(PostgresText.isoTimestamp("2024-03-01 10:15:00+01")).isEqualTo("2024-03-01T10:15:00+01:00");
        assertThat(PostgresText.isoTimestamp("2024-07-02 00:30:00.5+02")).isEqualTo("2024-07-02T00:30:00.5+02:00");
        assertThat(PostgresText.isoTimestamp("2024-01-02 00:00:01+00")).isEqualTo("2024-01-02T00:00:01Z");
        assertThat(PostgresText.isoTimestamp("2024-01-02 05:30:00+05:30")).isEqualTo("2024-01-02T05:30:00+05:30");
        assertThat(PostgresText.isoTimestamp("1890-01-01 00:53:28+00:53:28")).isEqualTo("1890-01-01T00:53:28+00:53:28");
        assertThat(PostgresText.isoTimestamp("2024-01-01 20:00:00-05")).isEqualTo("2024-01-01T20:00:00-05:00");
        assertThat(PostgresText.isoTimestamp("2024-03-01 09:15:00")).isEqualTo("2024-03-01T09:15:00");
        assertThat(PostgresText.isoTimestamp("2024-03-01 09:15:00.123456")).isEqualTo("2024-03-01T09:15:00.123456");
        assertThat(PostgresText.isoTimestamp("infinity")).isEqualTo("infinity");
        assertThat(PostgresText.isoTimestamp("0044-03-15 12:00:00+00 BC")).isEqualTo("0044-03-15 12:00:00+00 BC");
        assertThat(PostgresText.isoTimestamp(null)).isNull();
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    private static String write(CsvOptions options, List<List<String>> rows) throws IOException {
        return new String(writeBytes(options, rows), StandardCharsets.UTF_8);
    }

    private static byte[] writeBytes(CsvOptions options, List<List<String>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRowWriter writer = CsvRowWriter.open(out, FileFormat.of("csv", options), COLUMNS, 6, false);
        for (List<String> row : rows) {
            writer.writeValues(row);
        }
        writer.finish();
        return out.toByteArray();
    }
}
