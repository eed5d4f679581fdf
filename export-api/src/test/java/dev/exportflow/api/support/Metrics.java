package dev.exportflow.api.support;

import java.util.Arrays;

import io.restassured.RestAssured;

/** Reads the api's Prometheus page ({@code /q/metrics}), of the application under test or of a process. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of the series of {@code name} whose labels contain every one of {@code labels} (e.g. {@code reason="x"}). */
    public static double sum(String name, String... labels) {
        return sum(RestAssured.get("/q/metrics").asString(), name, labels);
    }

    /** Same, on the api at {@code baseUrl}. */
    public static double sumAt(String baseUrl, String name, String... labels) {
        return sum(RestAssured.get(baseUrl + "/q/metrics").asString(), name, labels);
    }

    static double sum(String page, String name, String... labels) {
        return page.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
