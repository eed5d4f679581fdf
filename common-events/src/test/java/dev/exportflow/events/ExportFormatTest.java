package dev.exportflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportFormatTest {

    @Test
    void aRequestNamesItsFormatInAnyCase() {
        assertThat(ExportFormat.of(" XLSX ")).contains(ExportFormat.XLSX);
        assertThat(ExportFormat.of("jsonl")).contains(ExportFormat.JSONL);
        assertThat(ExportFormat.of("parquet")).isEmpty();
        assertThat(ExportFormat.of(null)).isEmpty();
        assertThat(ExportFormat.names()).isEqualTo("csv, xlsx, jsonl");
    }

    @Test
    void extensionAndContentTypeFollowCompression() {
        assertThat(ExportFormat.CSV.fileExtension(true)).isEqualTo("csv.gz");
        assertThat(ExportFormat.JSONL.fileExtension(false)).isEqualTo("jsonl");
        assertThat(ExportFormat.JSONL.contentType(true)).isEqualTo("application/gzip");
        assertThat(ExportFormat.XLSX.contentType(false))
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    @Test
    void onlyCsvHasADelimiterAndAWorkbookIsNeverCompressedAgain() {
        assertThat(ExportFormat.CSV.options()).contains("delimiter", "bom", "gzip");
        assertThat(ExportFormat.XLSX.options()).containsExactly("timeZone");
        assertThat(ExportFormat.JSONL.options()).containsExactlyInAnyOrder("gzip", "timeZone");
    }

    @Test
    void aFormatsOptionsLeaveOutWhatItDoesNotUseAlsoInJson() throws Exception {
        CsvOptions workbook = CsvOptions.defaults().onlyFor(ExportFormat.XLSX.options());

        assertThat(workbook).isEqualTo(new CsvOptions(null, null, null, null, "UTC", null));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(workbook))
                .isEqualTo("{\"timeZone\":\"UTC\"}");
        assertThat(CsvOptions.defaults().onlyFor(ExportFormat.CSV.options())).isEqualTo(CsvOptions.defaults());
    }

    @Test
    void aFilesNameSaysItsFormatAndCompression() {
        assertThat(ExportFormat.ofFileName("orders-2025-03-05.xlsx")).contains(ExportFormat.XLSX);
        assertThat(ExportFormat.ofFileName("orders-2025-03-05.JSONL.gz")).contains(ExportFormat.JSONL);
        assertThat(ExportFormat.ofFileName("orders-2025-03-05.csv")).contains(ExportFormat.CSV);
        assertThat(ExportFormat.ofFileName("orders.xlsx.zip")).isEmpty();
        assertThat(ExportFormat.ofFileName("orders.gz")).isEmpty();
        assertThat(ExportFormat.ofFileName(null)).isEmpty();
        assertThat(ExportFormat.isGzipped("orders-2025-03-05.jsonl.gz")).isTrue();
        assertThat(ExportFormat.isGzipped("orders-2025-03-05.xlsx")).isFalse();
    }
}
