package dev.exportflow.api.dataset;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.exportflow.events.ExportFormat;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.Parameter;

/**
 * A dataset as the caller sees it in {@code GET /api/datasets}: only what a request may give.
 *
 * @param formats the file formats it can be exported in, e.g. {@code csv}, {@code xlsx}, {@code jsonl}
 */
public record DatasetView(String name, String title, String description, List<String> formats, List<ParameterView> parameters) {

    public static DatasetView of(Dataset dataset) {
        return new DatasetView(dataset.name(), dataset.title(), dataset.description(),
                Arrays.stream(ExportFormat.values()).map(ExportFormat::requestName).toList(),
                dataset.requestParameters().stream().map(ParameterView::of).toList());
    }

    /**
     * One request parameter.
     *
     * @param type {@code string}, {@code integer}, {@code decimal}, {@code boolean}, {@code date} or {@code timestamp}
     * @param format what a person should type
     * @param allowed the only accepted values; empty when any value of the type is fine
     */
    public record ParameterView(String name, String type, String format, boolean required, List<String> allowed, String min,
            String max, Integer maxLength, String defaultValue, String description) {

        static ParameterView of(Parameter parameter) {
            return new ParameterView(parameter.name(), parameter.type().name().toLowerCase(Locale.ROOT),
                    parameter.type().description(), parameter.required(), parameter.allowed(), parameter.min(),
                    parameter.max(), parameter.maxLength(), parameter.defaultValue(), parameter.description());
        }
    }
}
