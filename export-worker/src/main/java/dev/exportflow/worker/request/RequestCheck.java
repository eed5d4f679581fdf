package dev.exportflow.worker.request;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.dataset.ParameterSource;
import dev.exportflow.events.dataset.ValidatedParameters;
import dev.exportflow.worker.format.FileFormat;

import io.quarkus.logging.Log;

/**
 * Checks an export request as untrusted input, the way export-api checked it before publishing it: every field present
 * and of a bounded size, the dataset in the catalog, a tenant where the dataset is bound to one, the CSV options
 * supported, and the parameters validated against the catalog again (their canonical text is bounded, so this costs
 * little). A record anyone could have written to the topic therefore never runs an export the api would have refused.
 */
@ApplicationScoped
public class RequestCheck {

    /** Longer than any dataset name of a catalog. */
    static final int MAX_DATASET = 100;
    /** A token's {@code sub} and {@code tenant}. */
    static final int MAX_ID = 255;
    /** RFC 5321's longest path, with room. */
    static final int MAX_EMAIL = 320;
    /** BCP 47 tags and IANA zone names. */
    static final int MAX_TAG = 64;
    static final int MAX_FORMAT = 16;
    static final int MAX_DELIMITER = 8;
    /** export-api's limit for {@code options.nullText}. */
    static final int MAX_NULL_TEXT = 32;

    private final DatasetCatalog catalog;

    public RequestCheck(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    /** Checks whatever a record on {@code export-requested} carried. */
    public CheckedRequest check(ExportEvent event) throws RefusedRequest {
        if (!(event instanceof ExportRequested request)) {
            throw new RefusedRequest(Refusal.UNREADABLE, "Not an export request: "
                    + (event == null ? "no value" : event.getClass().getSimpleName()), null);
        }
        return check(request);
    }

    public CheckedRequest check(ExportRequested request) throws RefusedRequest {
        if (request.jobId() == null || request.generation() < 1) {
            throw new RefusedRequest(Refusal.MISSING_FIELD, "The request names no job id and generation.", null);
        }
        Requester requester = request.requester();
        if (requester == null || blank(requester.userId())) {
            throw refused(Refusal.MISSING_FIELD, "The request names no requester.", request, false, false);
        }
        if (tooLong(requester.userId(), MAX_ID) || tooLong(requester.tenant(), MAX_ID) || tooLong(requester.email(), MAX_EMAIL)
                || tooLong(requester.locale(), MAX_TAG) || tooLong(requester.timeZone(), MAX_TAG)) {
            throw refused(Refusal.TOO_LONG, "The requester's details are longer than allowed.", request, false, false);
        }
        if (blank(request.dataset())) {
            throw refused(Refusal.MISSING_FIELD, "The request names no dataset.", request, true, false);
        }
        if (tooLong(request.dataset(), MAX_DATASET)) {
            throw refused(Refusal.TOO_LONG, "The dataset name is longer than allowed.", request, true, false);
        }
        Dataset dataset = catalog.find(request.dataset()).orElseThrow(() -> refused(Refusal.UNKNOWN_DATASET,
                "The dataset '" + request.dataset() + "' does not exist (any more).", request, true, true));
        if (blank(requester.tenant()) && dataset.parameters().stream()
                .anyMatch(parameter -> parameter.source() == ParameterSource.TENANT_ID)) {
            throw refused(Refusal.NO_TENANT, "The dataset '" + dataset.title() + "' is exported per tenant, and the request"
                    + " names no tenant.", request, true, true);
        }
        FileFormat format = format(request);
        return new CheckedRequest(request, dataset, format, parameters(request, dataset));
    }

    private static FileFormat format(ExportRequested request) throws RefusedRequest {
        CsvOptions options = request.csv();
        if (tooLong(request.format(), MAX_FORMAT) || options != null && (tooLong(options.delimiter(), MAX_DELIMITER)
                || tooLong(options.timeZone(), MAX_TAG) || tooLong(options.nullText(), MAX_NULL_TEXT))) {
            throw refused(Refusal.TOO_LONG, "The format or its options are longer than allowed.", request, true, true);
        }
        try {
            return FileFormat.of(request.format(), options);
        } catch (IllegalArgumentException e) {
            throw refused(Refusal.INVALID_OPTIONS, e.getMessage(), request, true, true);
        }
    }

    private static Map<String, String> parameters(ExportRequested request, Dataset dataset) throws RefusedRequest {
        Map<String, Object> given = request.parameters() == null ? Map.of() : new LinkedHashMap<>(request.parameters());
        ValidatedParameters validated = dataset.validate(given);
        if (!validated.valid()) {
            Log.warnf("job %s/%d: parameters refused: %s", request.jobId(), request.generation(), validated.violations());
            throw refused(Refusal.INVALID_PARAMETERS, "The parameters of the export are not valid for dataset '"
                    + dataset.title() + "'.", request, true, true);
        }
        return validated.values();
    }

    /** @param requesterPassed whether the requester may be told back; {@code datasetPassed} likewise */
    private static RefusedRequest refused(Refusal reason, String message, ExportRequested request, boolean requesterPassed,
            boolean datasetPassed) {
        ExportRequested toldBack = new ExportRequested(request.jobId(), request.generation(), request.occurredAt(),
                requesterPassed ? request.requester() : null, datasetPassed ? request.dataset() : null, null, null, null,
                request.requestedAt());
        return new RefusedRequest(reason, message, toldBack);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean tooLong(String text, int limit) {
        return text != null && text.length() > limit;
    }
}
