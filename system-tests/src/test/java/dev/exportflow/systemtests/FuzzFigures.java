package dev.exportflow.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fuzz saw: answers by status, latencies, and the requests that broke a rule (a 5xx, no answer, an answer
 * slower than the limit, an error that is not {@code application/problem+json}), a few of each kept as evidence.
 */
final class FuzzFigures {

    private static final int EXAMPLES = 5;

    private final Duration slowLimit;
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final long[] nanos;
    private final Map<String, Integer> violations = new LinkedHashMap<>();
    private final Map<String, List<String>> examples = new LinkedHashMap<>();
    private int malformedHttp;
    private final Map<String, Map<String, Integer>> byEndpoint = new LinkedHashMap<>();
    private int count;

    FuzzFigures(int capacity, Duration slowLimit) {
        this.nanos = new long[capacity];
        this.slowLimit = slowLimit;
        for (String rule : List.of("5xx", "unanswered", "slow", "not problem+json")) {
            violations.put(rule, 0);
            examples.put(rule, new ArrayList<>());
            byEndpoint.put(rule, new TreeMap<>());
        }
    }

    void record(RawHttp.Request request, RawHttp.Answer answer) {
        nanos[count++] = answer.nanos();
        byStatus.merge(answer.status(), 1, Integer::sum);
        String evidence = answer.status() + " in " + answer.nanos() / 1_000_000 + " ms ("
                + RawHttp.shorten(answer.contentType(), 40) + ") for " + request.describe() + " -> "
                + RawHttp.shorten(answer.body(), 160);
        if (answer.status() >= 500) {
            violate("5xx", request, evidence);
        }
        if (answer.status() == 0 && !answer.timedOut()) {
            violate("unanswered", request, evidence);
        }
        if (answer.timedOut() || answer.nanos() > slowLimit.toNanos()) {
            violate("slow", request, evidence);
        }
        boolean documented = answer.contentType().startsWith("application/problem+json") || pageForBrowser(request, answer);
        if (refusedAsNoHttp(answer)) {
            malformedHttp++;
        } else if (answer.status() >= 400 && !documented) {
            violate("not problem+json", request, evidence);
        }
    }

    /**
     * The HTTP server's own answer to what is no valid HTTP (a request target with a broken percent-encoding, a
     * header value it cannot carry): an empty 400, 414 or 431 and a closed connection, before any of the api's code
     * runs, so the api cannot answer it with a problem document. Counted, not a broken rule.
     */
    private static boolean refusedAsNoHttp(RawHttp.Answer answer) {
        return (answer.status() == 400 || answer.status() == 414 || answer.status() == 431)
                && answer.contentType().isEmpty() && answer.body().isEmpty();
    }

    /** The emailed link answers a browser with a page (docs/api.md), everyone else with a problem document. */
    private static boolean pageForBrowser(RawHttp.Request request, RawHttp.Answer answer) {
        return request.endpoint().equals("GET /d/{token}") && request.asksForHtml()
                && answer.contentType().startsWith("text/html");
    }

    int count() {
        return count;
    }

    int violations(String rule) {
        return violations.get(rule);
    }

    /** Up to five requests that broke {@code rule}, with their answers. */
    List<String> examples(String rule) {
        return examples.get(rule);
    }

    /** The figures in one line (for docs/security.md). */
    String line(long seed, Duration took) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return String.format("fuzz: %d requests in %d s (seed %d), by status %s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " %d x 5xx, %d unanswered, %d slower than %d ms, %d errors not application/problem+json;"
                + " %d refused by the HTTP server as no valid HTTP",
                count, took.toSeconds(), seed, byStatus, millis(sorted, 0.50), millis(sorted, 0.99),
                sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1e6, violations.get("5xx"), violations.get("unanswered"),
                violations.get("slow"), slowLimit.toMillis(), violations.get("not problem+json"), malformedHttp);
    }

    /** Which endpoints broke which rule, how often. */
    Map<String, Map<String, Integer>> violationsByEndpoint() {
        return byEndpoint;
    }

    private void violate(String rule, RawHttp.Request request, String evidence) {
        violations.merge(rule, 1, Integer::sum);
        byEndpoint.get(rule).merge(request.endpoint(), 1, Integer::sum);
        if (examples.get(rule).size() < EXAMPLES) {
            examples.get(rule).add(evidence);
        }
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0.0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
