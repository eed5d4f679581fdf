package dev.exportflow.events.dataset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The checked, immutable catalog of exportable datasets. A mistake in the configuration (a query
 * using an undeclared parameter, a default outside its own constraints) stops the service at
 * startup instead of failing a user's export later.
 */
public final class DatasetCatalog {

    private final Map<String, Dataset> datasets;

    private DatasetCatalog(Map<String, Dataset> datasets) {
        this.datasets = datasets;
    }

    /**
     * @throws InvalidCatalogException naming every mistake in the configuration
     */
    public static DatasetCatalog of(DatasetCatalogConfig config) {
        Map<String, Dataset> datasets = new TreeMap<>();
        List<String> mistakes = new ArrayList<>();
        config.datasets().forEach((name, dataset) -> datasets.put(name, build(name, dataset, mistakes)));
        if (!mistakes.isEmpty()) {
            throw new InvalidCatalogException(mistakes);
        }
        return new DatasetCatalog(Map.copyOf(datasets));
    }

    public Optional<Dataset> find(String name) {
        return Optional.ofNullable(name == null ? null : datasets.get(name));
    }

    /** Every dataset, sorted by name. */
    public List<Dataset> all() {
        return datasets.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    public List<Dataset> visibleTo(Set<String> roles) {
        return all().stream().filter(dataset -> dataset.allowedFor(roles)).toList();
    }

    private static Dataset build(String name, DatasetCatalogConfig.DatasetConfig config, List<String> mistakes) {
        List<Parameter> parameters = new ArrayList<>();
        config.parameters().forEach((parameterName, parameter) -> parameters.add(new Parameter(
                parameterName,
                parameter.type(),
                parameter.required(),
                parameter.source(),
                parameter.allowed().orElse(List.of()),
                parameter.min().orElse(null),
                parameter.max().orElse(null),
                parameter.maxLength().orElse(null),
                parameter.defaultValue().orElse(null),
                parameter.description().orElse(null),
                parameter.notBefore().orElse(null))));
        parameters.sort((a, b) -> a.name().compareTo(b.name()));
        NamedSql sql = NamedSql.parse(config.sql());
        NamedSql estimate = config.estimateSql().map(NamedSql::parse).orElse(null);
        Set<String> declared = parameters.stream().map(Parameter::name).collect(Collectors.toSet());
        Set<String> used = new LinkedHashSet<>(sql.names());
        if (estimate != null) {
            used.addAll(estimate.names());
        }
        used.stream()
                .filter(parameterName -> !declared.contains(parameterName))
                .forEach(undeclared -> mistakes.add("dataset '" + name + "': the query uses :" + undeclared
                        + " but no parameter '" + undeclared + "' is declared"));
        for (Parameter parameter : parameters) {
            checkOwnConstraints(name, parameter, mistakes);
            checkRange(name, parameter, parameters, mistakes);
        }
        Map<String, Column> columns = new TreeMap<>();
        config.columns().forEach((label, column) ->
                columns.put(label, new Column(column.label().orElse(null), column.numeric())));
        return new Dataset(
                name,
                config.title(),
                config.description().orElse(null),
                sql,
                estimate,
                List.copyOf(parameters),
                Set.copyOf(config.roles().orElse(List.of())),
                Map.copyOf(columns),
                config.statementTimeout());
    }

    private static void checkOwnConstraints(String dataset, Parameter parameter, List<String> mistakes) {
        String where = "dataset '" + dataset + "', parameter '" + parameter.name() + "': ";
        for (String bound : new String[] {parameter.min(), parameter.max()}) {
            if (bound != null) {
                try {
                    parameter.type().normalize(bound);
                } catch (IllegalArgumentException e) {
                    mistakes.add(where + "bound '" + bound + "' " + e.getMessage());
                }
            }
        }
        if (parameter.defaultValue() != null) {
            try {
                parameter.check(parameter.defaultValue());
            } catch (IllegalArgumentException e) {
                mistakes.add(where + "default '" + parameter.defaultValue() + "' " + e.getMessage());
            }
        }
        if (!parameter.fromRequest() && parameter.defaultValue() != null) {
            mistakes.add(where + "a caller-bound parameter cannot have a default");
        }
        if (parameter.maxLength() != null
                && (parameter.maxLength() < 1 || parameter.maxLength() > ParameterType.STRING.maxInputLength())) {
            mistakes.add(where + "max-length must be between 1 and " + ParameterType.STRING.maxInputLength());
        }
    }

    private static void checkRange(String dataset, Parameter parameter, List<Parameter> all, List<String> mistakes) {
        if (parameter.notBefore() == null) {
            return;
        }
        Parameter start = all.stream().filter(other -> other.name().equals(parameter.notBefore())).findFirst().orElse(null);
        if (start == null || start.type() != parameter.type() || !start.fromRequest() || !parameter.fromRequest()) {
            mistakes.add("dataset '" + dataset + "', parameter '" + parameter.name() + "': not-before must name another"
                    + " request parameter of type " + parameter.type().name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
