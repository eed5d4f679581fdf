package dev.exportflow.api.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.Caller;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.ExportFormat;
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

    static final Set<String> DELIMITERS = Set.of(",", ";", "\t");
    static final int MAX_NULL_TEXT = 32;
    /** Longest dataset name looked up; catalog names are short identifiers. */
    static final int MAX_DATASET_NAME = 64;
    /** Longest format looked at. */
    static final int MAX_FORMAT = 16;
    /** Longest time zone handed to {@link ZoneId#of}; the longest IANA name has 32 characters. */
    static final int MAX_TIME_ZONE = 64;

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
        } else if (request.dataset().length() > MAX_DATASET_NAME) {
            violations.add(new Violation("dataset",
                    "must be at most " + MAX_DATASET_NAME + " characters long; see GET /api/datasets"));
        } else {
            dataset = catalog.find(request.dataset()).orElse(null);
            if (dataset == null) {
                violations.add(new Violation("dataset", "is not a known dataset; see GET /api/datasets"));
            } else if (!dataset.allowedFor(caller.roles())) {
                throw ProblemException.of(403, "dataset-forbidden", "Forbidden",
                        "You are not allowed to export the dataset '" + dataset.name() + "'.");
            }
        }
        ExportFormat format = format(request.format(), violations);
        CsvOptions options = options(request.options(), caller, violations);
        if (format != null) {
            refuseOptionsItHasNot(format, request.options(), violations);
        }
        Map<String, String> parameters = Map.of();
        if (dataset != null) {
            ValidatedParameters validated = dataset.validate(request.parameters());
            violations.addAll(validated.violations());
            parameters = validated.values();
            parameters.forEach((name, value) -> {
                if (!storable(value)) {
                    violations.add(new Violation("parameters." + name, STORABLE));
                }
            });
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        // the fingerprint over every option with its default, as it always was: a repeated request still matches
        return new CheckedRequest(dataset, parameters, format.requestName(), options.onlyFor(format.options()),
                fingerprint(dataset.name(), parameters, format.requestName(), options));
    }

    /** The format a request names (CSV when it names none); null after adding a violation. */
    private static ExportFormat format(String requested, List<Violation> violations) {
        if (requested == null) {
            return ExportFormat.CSV;
        }
        ExportFormat format = requested.length() > MAX_FORMAT ? null : ExportFormat.of(requested).orElse(null);
        if (format == null) {
            violations.add(new Violation("format", "must be one of " + ExportFormat.names()));
        }
        return format;
    }

    /** An option the format has no use for (a delimiter for a workbook) is a mistake worth saying, not ignoring. */
    private static void refuseOptionsItHasNot(ExportFormat format, CsvOptions given, List<Violation> violations) {
        if (given == null) {
            return;
        }
        Map<String, Object> named = new TreeMap<>();
        named.put("delimiter", given.delimiter());
        named.put("header", given.header());
        named.put("bom", given.bom());
        named.put("gzip", given.gzip());
        named.put("timeZone", given.timeZone());
        named.put("nullText", given.nullText());
        named.forEach((option, value) -> {
            if (value != null && !format.options().contains(option)) {
                violations.add(new Violation("options." + option, "does not apply to " + format.requestName() + " files"));
            }
        });
    }

    private static CsvOptions options(CsvOptions given, Caller caller, List<Violation> violations) {
        CsvOptions options = given == null ? new CsvOptions(null, null, null, null, null, null) : given;
        if (options.delimiter() != null && !DELIMITERS.contains(options.delimiter())) {
            violations.add(new Violation("options.delimiter", "must be \",\", \";\" or a tab"));
        }
        String zone = options.timeZone() != null ? options.timeZone() : validZoneOrNull(caller.timeZone());
        if (options.timeZone() != null && options.timeZone().length() > MAX_TIME_ZONE) {
            violations.add(new Violation("options.timeZone", "must be at most " + MAX_TIME_ZONE + " characters long"));
        } else if (options.timeZone() != null) {
            try {
                zone = ZoneId.of(options.timeZone()).getId();
            } catch (DateTimeException e) {
                violations.add(new Violation("options.timeZone", "must be an IANA time zone such as Europe/Berlin"));
            }
        }
        if (options.nullText() != null && options.nullText().length() > MAX_NULL_TEXT) {
            violations.add(new Violation("options.nullText", "must be at most " + MAX_NULL_TEXT + " characters long"));
        } else if (options.nullText() != null && !storable(options.nullText())) {
            violations.add(new Violation("options.nullText", STORABLE));
        }
        return new CsvOptions(options.delimiter(), options.header(), options.bom(), options.gzip(), zone, options.nullText())
                .withDefaults();
    }

    private static final String STORABLE = "must be text without the character U+0000 or unpaired surrogates";

    /**
     * Text PostgreSQL's {@code jsonb} can store and UTF-8 can encode: no NUL character (a {@code jsonb} column refuses
     * {@code \u0000}), no half of a surrogate pair.
     */
    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
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
