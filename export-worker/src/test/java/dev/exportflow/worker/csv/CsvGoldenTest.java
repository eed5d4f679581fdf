package dev.exportflow.worker.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.exportflow.worker.format.GoldenFiles;
import dev.exportflow.worker.format.TrickyRows;

/** The tricky rows as CSV, byte for byte against {@code golden/tricky-rows.csv}. */
class CsvGoldenTest {

    @Test
    void theTrickyRowsAsCsv() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrickyRows.writeAll(CsvRowWriter.open(out, TrickyRows.format("csv"), TrickyRows.COLUMNS, 6, false));
        String produced = out.toString(StandardCharsets.UTF_8);

        if (!GoldenFiles.updateIfAsked("tricky-rows.csv", produced)) {
            assertThat(produced).isEqualTo(GoldenFiles.read("tricky-rows.csv"));
        }
    }
}
