package dev.exportflow.worker.request;

import java.util.List;
import java.util.Map;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.NamedSql;
import dev.exportflow.worker.format.FileFormat;

/**
 * A request that passed every check, with what the checks found: its dataset, its file format, and its parameters as
 * the catalog validated them (canonical text, defaults filled in).
 */
public record CheckedRequest(ExportRequested request, Dataset dataset, FileFormat format, Map<String, String> parameters) {

    /** The JDBC values of {@code query} (the dataset's query or its estimate), caller-bound ones from the requester. */
    public List<Object> bindValues(NamedSql query) {
        return dataset.bindValues(query, parameters, request.requester());
    }
}
