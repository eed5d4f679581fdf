package dev.exportflow.worker.format;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileFormatTest {

    @Test
    void defaultsAreCommaHeaderNoBomNoGzipUtc() {
        FileFormat format = FileFormat.of(null, null);

        assertThat(format).isEqualTo(new FileFormat(ExportFormat.CSV, ',', true, false, false, ZoneId.of("UTC"), ""));
        assertThat(format.fileExtension()).isEqualTo("csv");
        assertThat(format.contentType()).isEqualTo("text/csv; charset=utf-8");
    }

    @Test
    void gzipChangesExtensionAndContentType() {
        FileFormat format = FileFormat.of("csv", new CsvOptions(";", false, true, true, "Europe/Berlin", "-"));

        assertThat(format.fileExtension()).isEqualTo("csv.gz");
        assertThat(format.contentType()).isEqualTo("application/gzip");
        assertThat(format.delimiter()).isEqualTo(';');
    }

    @Test
    void unsupportedOptionsAreRejectedWithAMessageForTheUser() {
        assertThatThrownBy(() -> FileFormat.of("parquet", null))
                .hasMessage("The format 'parquet' is not supported; use one of csv, xlsx, jsonl.");
        assertThatThrownBy(() -> FileFormat.of("csv", new CsvOptions("|", null, null, null, null, null)))
                .hasMessage("The delimiter must be a comma, a semicolon or a tab.");
        assertThatThrownBy(() -> FileFormat.of("csv", new CsvOptions(null, null, null, null, "Mars/Olympus", null)))
                .hasMessage("The time zone 'Mars/Olympus' is unknown.");
        assertThatThrownBy(() -> FileFormat.of("csv", new CsvOptions(null, null, null, null, null, "a,b")))
                .hasMessageContaining("must not contain the delimiter");
    }

    @Test
    void everyFormatKnowsItsFileAndIgnoresOptionsItHasNot() {
        CsvOptions everything = new CsvOptions(";", true, true, true, "Europe/Berlin", null);

        FileFormat workbook = FileFormat.of("XLSX", everything);
        FileFormat lines = FileFormat.of("jsonl", everything);

        assertThat(workbook.format()).isEqualTo(ExportFormat.XLSX);
        assertThat(workbook.fileExtension()).isEqualTo("xlsx");
        assertThat(workbook.gzip()).as("a workbook is a zip already").isFalse();
        assertThat(workbook.bom()).isFalse();
        assertThat(workbook.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(lines.fileExtension()).isEqualTo("jsonl.gz");
        assertThat(lines.contentType()).isEqualTo("application/gzip");
        assertThat(lines.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void numericSqlTypesAreNumbersAndTimestampsAreRecognisedByTypeName() {
        assertThat(ColumnKind.of(java.sql.Types.NUMERIC, "numeric")).isEqualTo(ColumnKind.NUMBER);
        assertThat(ColumnKind.of(java.sql.Types.BIGINT, "int8")).isEqualTo(ColumnKind.NUMBER);
        assertThat(ColumnKind.of(java.sql.Types.TIMESTAMP, "timestamptz")).isEqualTo(ColumnKind.TIMESTAMP_WITH_ZONE);
        assertThat(ColumnKind.of(java.sql.Types.TIMESTAMP, "timestamp")).isEqualTo(ColumnKind.TIMESTAMP);
        assertThat(ColumnKind.of(java.sql.Types.BIT, "bool")).isEqualTo(ColumnKind.BOOLEAN);
        assertThat(ColumnKind.of(java.sql.Types.VARCHAR, "text")).isEqualTo(ColumnKind.TEXT);
        assertThat(ColumnKind.of(java.sql.Types.OTHER, "uuid")).isEqualTo(ColumnKind.PLAIN);
        assertThat(ColumnKind.of(java.sql.Types.DATE, "date")).isEqualTo(ColumnKind.DATE);
        assertThat(ColumnKind.of(java.sql.Types.TIME, "time")).isEqualTo(ColumnKind.PLAIN);
        assertThat(ColumnKind.of(java.sql.Types.DOUBLE, "money")).isEqualTo(ColumnKind.TEXT);
    }
}
