package dev.exportflow.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** Reads CSV back the way a spreadsheet or script would, to check what the worker wrote. */
public final class Csv {

    private Csv() {
    }

    public static List<List<String>> parse(byte[] csv, char delimiter) {
        CsvMapper mapper = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).with(schema)
                .readValues(new String(csv, StandardCharsets.UTF_8))) {
            List<List<String>> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<List<String>> parse(byte[] csv) {
        return parse(csv, ',');
    }
}
