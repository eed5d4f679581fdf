package dev.exportflow.api.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.Caller;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.dataset.ValidatedParameters;
import dev.exportflow.events.dataset.Violation;
import dev.exportflow.events.serde.EventJson;

/**
 * A create request checked against the catalog and normalised: canonical parameter values, options
 * with every default filled in, and a fingerprint that is equal for equal requests (the same export,
 * however the JSON was written).
 */
public record CheckedRequest(Dataset dataset, Map<String, String> parameters, String format, CsvOptions options,
        String fingerprint) {

    public static final String CSV = "csv";
    static final Set<String> DELIMITERS = Set.of(",", ";", "\t");
    static final int MAX_NULL_TEXT = 32;

    /**
     * @throws ProblemException 400 naming every bad field, or 403 when the dataset is not for the caller's roles
     */
    public static CheckedRequest check(CreateExportRequest request, Caller caller, DatasetCatalog catalog) {
        if (request == null) {
            throw ProblemException.validation(List.of(new Violation("body", "is required")));
        }
        List<Violation> violations = new ArrayList<>();
        Dataset dataset = null;
        if (request.dataset() == null || request.dataset().isBlank()) {
            violations.add(new Violation("dataset", "is required"));
        } else {
            dataset = catalog.find(request.dataset()).orElse(null);
            if (dataset == null) {
                violations.add(new Violation("dataset", "is not a known dataset; see GET /api/datasets"));
            } else if (!dataset.allowedFor(caller.roles())) {
                throw ProblemException.of(403, "dataset-forbidden", "Forbidden",
                        "You are not allowed to export the dataset '" + dataset.name() + "'.");
            }
        }
        String format = request.format() == null ? CSV : request.format().trim().toLowerCase(Locale.ROOT);
        if (!CSV.equals(format)) {
            violations.add(new Violation("format", "must be csv"));
        }
        CsvOptions options = options(request.options(), caller, violations);
        Map<String, String> parameters = Map.of();
        if (dataset != null) {
            ValidatedParameters validated = dataset.validate(request.parameters());
            violations.addAll(validated.violations());
            parameters = validated.values();
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return new CheckedRequest(dataset, parameters, format, options, fingerprint(dataset.name(), parameters, format, options));
    }

    private static CsvOptions options(CsvOptions given, Caller caller, List<Violation> violations) {
        CsvOptions options = given == null ? new CsvOptions(null, null, null, null, null, null) : given;
        if (options.delimiter() != null && !DELIMITERS.contains(options.delimiter())) {
            violations.add(new Violation("options.delimiter", "must be \",\", \";\" or a tab"));
        }
        String zone = options.timeZone() != null ? options.timeZone() : validZoneOrNull(caller.timeZone());
        if (options.timeZone() != null) {
            try {
                zone = ZoneId.of(options.timeZone()).getId();
            } catch (DateTimeException e) {
                violations.add(new Violation("options.timeZone", "must be an IANA time zone such as Europe/Berlin"));
            }
        }
        if (options.nullText() != null && options.nullText().length() > MAX_NULL_TEXT) {
            violations.add(new Violation("options.nullText", "must be at most " + MAX_NULL_TEXT + " characters long"));
        }
        return new CsvOptions(options.delimiter(), options.header(), options.bom(), options.gzip(), zone, options.nullText())
                .withDefaults();
    }

    private static String validZoneOrNull(String zone) {
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            return null;
        }
    }

    static String fingerprint(String dataset, Map<String, String> parameters, String format, CsvOptions options) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("dataset", dataset);
        canonical.put("parameters", new TreeMap<>(parameters));
        canonical.put("format", format);
        canonical.put("options", options);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(EventJson.writeString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
