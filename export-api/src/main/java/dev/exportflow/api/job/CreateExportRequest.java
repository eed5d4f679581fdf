package dev.exportflow.api.job;

import java.util.Map;

import dev.exportflow.events.CsvOptions;

/**
 * The body of {@code POST /api/exports}.
 *
 * @param parameters the dataset's request parameters (strings, numbers or booleans)
 * @param format {@code csv} (the default)
 * @param options CSV options; every field optional
 */
public record CreateExportRequest(String dataset, Map<String, Object> parameters, String format, CsvOptions options) {
}
