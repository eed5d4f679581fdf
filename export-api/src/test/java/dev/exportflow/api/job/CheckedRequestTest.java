package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.exportflow.api.problem.Problem;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.Caller;
import dev.exportflow.api.support.TestCatalog;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.dataset.DatasetCatalog;

import org.junit.jupiter.api.Test;

class CheckedRequestTest {

    private static final Caller CALLER = new Caller("u1", "u1@example.com", "acme", "de-DE", "Europe/Berlin",
            Set.of("exporter"));

    private final DatasetCatalog catalog = DatasetCatalog.of(new TestCatalog());

    @Test
    void equalRequestsHaveEqualFingerprintsHoweverTheyAreWritten() {
        CheckedRequest a = CheckedRequest.check(new CreateExportRequest("orders",
                ordered("from_date", "2024-01-01", "min_total", "10.5"), null, null), CALLER, catalog);
        CheckedRequest b = CheckedRequest.check(new CreateExportRequest("orders",
                ordered("min_total", 10.5, "from_date", "2024-01-01"), "CSV",
                new CsvOptions(",", true, false, false, "Europe/Berlin", "")), CALLER, catalog);
        CheckedRequest other = CheckedRequest.check(new CreateExportRequest("orders",
                ordered("from_date", "2024-01-02"), null, null), CALLER, catalog);

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(other.fingerprint());
        assertThat(a.parameters()).containsEntry("min_total", "10.5");
    }

    @Test
    void theCallersZoneIsTheDefaultTimeZone() {
        CheckedRequest checked = CheckedRequest.check(new CreateExportRequest("orders", Map.of(), null, null), CALLER, catalog);
        assertThat(checked.options().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(checked.options().delimiter()).isEqualTo(",");
        assertThat(checked.options().header()).isTrue();
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThatThrownBy(() -> CheckedRequest.check(new CreateExportRequest(null, null, "pdf",
                new CsvOptions("|", null, null, null, "Nowhere/Land", "x".repeat(40))), CALLER, catalog))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(400);
                    assertThat(e.problem().getErrors()).extracting(Problem.FieldError::field)
                            .containsExactlyInAnyOrder("dataset", "format", "options.delimiter", "options.timeZone",
                                    "options.nullText");
                });
    }

    @Test
    void everyFieldIsBoundedBeforeItIsLookedAtOrParsed() {
        assertThatThrownBy(() -> CheckedRequest.check(new CreateExportRequest("o".repeat(65), null, "c".repeat(17),
                new CsvOptions(null, null, null, null, "Europe/" + "x".repeat(60), "\u0000")), CALLER, catalog))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().getErrors())
                        .extracting(Problem.FieldError::field)
                        .containsExactlyInAnyOrder("dataset", "format", "options.timeZone", "options.nullText"));
    }

    @Test
    void everyFormatTakesOnlyTheOptionsItHas() {
        CheckedRequest workbook = CheckedRequest.check(new CreateExportRequest("orders", Map.of(), " XLSX ",
                new CsvOptions(null, null, null, null, "Europe/Paris", null)), CALLER, catalog);
        CheckedRequest lines = CheckedRequest.check(new CreateExportRequest("orders", Map.of(), "jsonl",
                new CsvOptions(null, null, null, true, null, null)), CALLER, catalog);

        assertThat(workbook.format()).isEqualTo("xlsx");
        assertThat(workbook.options().timeZone()).isEqualTo("Europe/Paris");
        assertThat(lines.format()).isEqualTo("jsonl");
        assertThat(lines.options().gzip()).isTrue();
        assertThat(workbook.options()).as("a workbook's job echoes no CSV option it never uses")
                .isEqualTo(new CsvOptions(null, null, null, null, "Europe/Paris", null));
        assertThat(lines.options()).isEqualTo(new CsvOptions(null, null, null, true, "Europe/Berlin", null));
        assertThat(workbook.fingerprint()).isNotEqualTo(CheckedRequest.check(new CreateExportRequest("orders", Map.of(), "csv",
                new CsvOptions(null, null, null, null, "Europe/Paris", null)), CALLER, catalog).fingerprint());
        assertThatThrownBy(() -> CheckedRequest.check(new CreateExportRequest("orders", Map.of(), "xlsx",
                new CsvOptions(";", false, true, true, null, "-")), CALLER, catalog))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().getErrors())
                        .extracting(Problem.FieldError::field, Problem.FieldError::message)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("options.delimiter", "does not apply to xlsx files"),
                                org.assertj.core.groups.Tuple.tuple("options.header", "does not apply to xlsx files"),
                                org.assertj.core.groups.Tuple.tuple("options.bom", "does not apply to xlsx files"),
                                org.assertj.core.groups.Tuple.tuple("options.gzip", "does not apply to xlsx files"),
                                org.assertj.core.groups.Tuple.tuple("options.nullText", "does not apply to xlsx files")));
        assertThatThrownBy(() -> CheckedRequest.check(new CreateExportRequest("orders", Map.of(), "parquet", null), CALLER,
                catalog)).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().getErrors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("format");
                            assertThat(error.message()).isEqualTo("must be one of csv, xlsx, jsonl");
                        }));
    }

    @Test
    void storableTextHasNoNulAndNoHalfOfASurrogatePair() {
        assertThat(CheckedRequest.storable("Grüße 😀")).isTrue();
        assertThat(CheckedRequest.storable("")).isTrue();
        assertThat(CheckedRequest.storable("a\u0000b")).isFalse();
        assertThat(CheckedRequest.storable("\ud83d")).isFalse();
        assertThat(CheckedRequest.storable("\ude00x")).isFalse();
        assertThat(CheckedRequest.storable("x\ud83d")).isFalse();
    }

    @Test
    void aDatasetForOtherRolesIsForbidden() {
        assertThatThrownBy(() -> CheckedRequest.check(new CreateExportRequest("secret", Map.of(), null, null), CALLER,
                catalog))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().getStatus()).isEqualTo(403));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
