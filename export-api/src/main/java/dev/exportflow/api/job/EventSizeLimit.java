package dev.exportflow.api.job;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.dataset.Violation;
import dev.exportflow.events.serde.EventJson;

/**
 * Refuses, at request time, an export whose ExportRequested would be larger than
 * {@code exportflow.limits.max-event-size}: such a record would otherwise be accepted with a 202 and then refused by
 * the broker. The field named is the largest part of the request, the one to shorten.
 */
final class EventSizeLimit {

    private EventSizeLimit() {
    }

    /**
     * @return the event as JSON, written once: the outbox row stores what was measured
     * @throws ProblemException 400 naming the request's largest field when the event is too large
     */
    static String written(ExportRequested event, long maxBytes) {
        byte[] json = EventJson.write(event);
        if (json.length > maxBytes) {
            throw ProblemException.validation(List.of(new Violation(largestField(event),
                    "makes the export request " + json.length + " bytes long; at most " + maxBytes
                            + " bytes are accepted")));
        }
        return new String(json, StandardCharsets.UTF_8);
    }

    private static String largestField(ExportRequested event) {
        String nullText = event.csv() == null ? null : event.csv().nullText();
        return event.parameters().entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, String> parameter) -> parameter.getValue().length()))
                .filter(parameter -> nullText == null || parameter.getValue().length() >= nullText.length())
                .map(parameter -> "parameters." + parameter.getKey())
                .orElse(nullText != null && !nullText.isEmpty() ? "options.nullText" : "body");
    }
}
