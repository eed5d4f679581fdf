package dev.exportflow.worker.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.worker.format.FileFormat;
import dev.exportflow.worker.format.GoldenFiles;
import dev.exportflow.worker.format.TrickyRows;

/** The tricky rows as JSON Lines: byte for byte against the golden file, and every line parsed with its types. */
class JsonLinesRowWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void theTrickyRowsAsJsonLines() throws IOException {
        String produced = write(TrickyRows.format("jsonl"));

        if (!GoldenFiles.updateIfAsked("tricky-rows.jsonl", produced)) {
            assertThat(produced).isEqualTo(GoldenFiles.read("tricky-rows.jsonl"));
        }
    }

    @Test
    void everyLineIsOneObjectWithTypedValues() throws IOException {
        List<JsonNode> lines = parse(write(TrickyRows.format("jsonl")));

        assertThat(lines).hasSize(TrickyRows.ROWS.size());
        JsonNode first = lines.get(0);
        assertThat(first.get("id").isIntegralNumber()).isTrue();
        assertThat(first.get("note").asText()).isEqualTo("Grüße aus Köln – 東京 📦");
        assertThat(first.get("amount").decimalValue()).isEqualByComparingTo("-12.50");
        assertThat(first.get("code").isNumber()).as("text declared numeric that is a number").isTrue();
        assertThat(first.get("paid").isBoolean()).isTrue();
        assertThat(first.get("day").asText()).isEqualTo("2024-02-29");
        assertThat(first.get("at").asText()).isEqualTo("2024-03-31T01:30:00");
        assertThat(first.get("at_zoned").asText()).isEqualTo("2024-03-31T01:30:00+01:00");
        JsonNode second = lines.get(1);
        assertThat(second.get("note").asText()).isEqualTo("Deliver to the \"back door\",\nring twice");
        assertThat(second.get("amount").decimalValue()).isEqualTo(new BigDecimal("123456789012345678901234567890.123456789"));
        assertThat(second.get("code").asText()).as("text that only looks like a formula stays text").isEqualTo("=1+1");
        assertThat(second.get("at_zoned").asText()).as("after the spring change").isEqualTo("2024-03-31T03:30:00+02:00");
        assertThat(second.get("ref").isNull()).isTrue();
        JsonNode third = lines.get(2);
        assertThat(third.get("amount").asText()).as("NaN is no JSON number").isEqualTo("NaN");
        assertThat(third.get("paid").isNull()).isTrue();
        assertThat(third.get("at_zoned").asText()).isEqualTo("2024-10-27T02:30:00+02:00");
        assertThat(lines.get(3).get("at_zoned").asText()).as("after the autumn change").isEqualTo("2024-10-27T02:30:00+01:00");
        assertThat(lines.get(3).get("code").intValue()).as("+7 is a number, written as JSON writes numbers").isEqualTo(7);
    }

    @Test
    void onlyRfc8259NumbersAreWrittenAsTheyAre() {
        assertThat(JsonLinesRowWriter.isJsonNumber("-12.50")).isTrue();
        assertThat(JsonLinesRowWriter.isJsonNumber("1e+20")).isTrue();
        assertThat(JsonLinesRowWriter.isJsonNumber("0")).isTrue();
        assertThat(JsonLinesRowWriter.isJsonNumber("+7")).isFalse();
        assertThat(JsonLinesRowWriter.isJsonNumber("007")).isFalse();
        assertThat(JsonLinesRowWriter.isJsonNumber(".5")).isFalse();
        assertThat(JsonLinesRowWriter.isJsonNumber("NaN")).isFalse();
    }

    @Test
    void gzipRoundTripGivesTheSameLines() throws IOException {
        FileFormat gzipped = FileFormat.of("jsonl", new CsvOptions(null, null, null, true, TrickyRows.ZONE, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrickyRows.writeAll(JsonLinesRowWriter.open(out, gzipped, TrickyRows.COLUMNS, 6, false));

        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(write(TrickyRows.format("jsonl")));
        }
    }

    private static String write(FileFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrickyRows.writeAll(JsonLinesRowWriter.open(out, format, TrickyRows.COLUMNS, 6, false));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> parse(String lines) {
        return lines.lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("Not one JSON object: " + line, e);
            }
        }).toList();
    }
}
