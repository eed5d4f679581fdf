package dev.exportflow.worker.csv;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.CsvOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvFormatTest {

    @Test
    void defaultsAreCommaHeaderNoBomNoGzipUtc() {
        CsvFormat format = CsvFormat.of(null, null);

        assertThat(format).isEqualTo(new CsvFormat(',', true, false, false, ZoneId.of("UTC"), ""));
        assertThat(format.fileExtension()).isEqualTo("csv");
        assertThat(format.contentType()).isEqualTo("text/csv; charset=utf-8");
    }

    @Test
    void gzipChangesExtensionAndContentType() {
        CsvFormat format = CsvFormat.of("csv", new CsvOptions(";", false, true, true, "Europe/Berlin", "-"));

        assertThat(format.fileExtension()).isEqualTo("csv.gz");
        assertThat(format.contentType()).isEqualTo("application/gzip");
        assertThat(format.delimiter()).isEqualTo(';');
    }

    @Test
    void unsupportedOptionsAreRejectedWithAMessageForTheUser() {
        assertThatThrownBy(() -> CsvFormat.of("xlsx", null)).hasMessage("The format 'xlsx' is not supported; only csv is.");
        assertThatThrownBy(() -> CsvFormat.of("csv", new CsvOptions("|", null, null, null, null, null)))
                .hasMessage("The delimiter must be a comma, a semicolon or a tab.");
        assertThatThrownBy(() -> CsvFormat.of("csv", new CsvOptions(null, null, null, null, "Mars/Olympus", null)))
                .hasMessage("The time zone 'Mars/Olympus' is unknown.");
        assertThatThrownBy(() -> CsvFormat.of("csv", new CsvOptions(null, null, null, null, null, "a,b")))
                .hasMessageContaining("must not contain the delimiter");
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
        assertThat(ColumnKind.of(java.sql.Types.DOUBLE, "money")).isEqualTo(ColumnKind.TEXT);
    }
}
