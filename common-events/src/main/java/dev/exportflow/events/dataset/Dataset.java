package dev.exportflow.events.dataset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.exportflow.events.Requester;

/**
 * One exportable dataset, checked at startup: every named parameter of its SQL is declared.
 *
 * @param roles roles allowed to export it; empty means every authenticated user
 * @param columns output options by column label
 * @param estimateSql optional query for the expected row count, or null
 */
public record Dataset(
        String name,
        String title,
        String description,
        NamedSql sql,
        NamedSql estimateSql,
        List<Parameter> parameters,
        Set<String> roles,
        Map<String, Column> columns,
        Duration statementTimeout) {

    /** More entries than any dataset has parameters is refused at once. */
    static final int MAX_GIVEN = 100;
    private static final int MAX_ECHOED_NAME = 64;

    public boolean allowedFor(Set<String> callerRoles) {
        return roles.isEmpty() || roles.stream().anyMatch(callerRoles::contains);
    }

    /** The parameters a request may (or must) give. */
    public List<Parameter> requestParameters() {
        return parameters.stream().filter(Parameter::fromRequest).toList();
    }

    /**
     * Checks a request's parameters: unknown names, caller-bound names, missing required values,
     * malformed or out-of-range values are each reported under {@code parameters.<name>}.
     */
    public ValidatedParameters validate(Map<String, Object> requested) {
        Map<String, Object> given = requested == null ? Map.of() : requested;
        Map<String, String> values = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        if (given.size() > MAX_GIVEN) {
            return new ValidatedParameters(Map.of(), List.of(new Violation("parameters",
                    "must have at most " + MAX_GIVEN + " entries")));
        }
        for (String name : given.keySet()) {
            Parameter parameter = parameter(name);
            if (parameter == null) {
                violations.add(new Violation(field(name), "is not a parameter of dataset '" + this.name + "'"));
            } else if (!parameter.fromRequest()) {
                violations.add(new Violation(field(name), "is set from your identity and cannot be given"));
            }
        }
        for (Parameter parameter : requestParameters()) {
            Object value = given.get(parameter.name());
            if (value == null || value.toString().isBlank()) {
                if (parameter.defaultValue() != null) {
                    values.put(parameter.name(), parameter.defaultValue());
                } else if (parameter.required()) {
                    violations.add(new Violation("parameters." + parameter.name(), "is required"));
                }
                continue;
            }
            try {
                values.put(parameter.name(), parameter.check(value));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("parameters." + parameter.name(), e.getMessage()));
            }
        }
        for (Parameter end : requestParameters()) {
            String start = end.notBefore() == null ? null : values.get(end.notBefore());
            if (start != null && values.containsKey(end.name()) && end.type().compare(values.get(end.name()), start) < 0) {
                violations.add(new Violation("parameters." + end.name(), "must not be before " + end.notBefore()));
            }
        }
        return new ValidatedParameters(Map.copyOf(values), List.copyOf(violations));
    }

    /** Where a given name is reported; a name no parameter has is cut short, it is echoed back to the caller. */
    private static String field(String name) {
        return "parameters." + (name.length() > MAX_ECHOED_NAME ? name.substring(0, MAX_ECHOED_NAME) + "…" : name);
    }

    /** The JDBC values for {@link #sql()}, in bind order. */
    public List<Object> bindValues(Map<String, String> canonical, Requester requester) {
        return bindValues(sql, canonical, requester);
    }

    /** The JDBC values for a query of this dataset, in bind order. */
    public List<Object> bindValues(NamedSql query, Map<String, String> canonical, Requester requester) {
        List<Object> bound = new ArrayList<>(query.bindOrder().size());
        for (String name : query.bindOrder()) {
            Parameter parameter = parameter(name);
            String text = switch (parameter.source()) {
                case REQUEST -> canonical.getOrDefault(name, parameter.defaultValue());
                case REQUESTER_ID -> requester.userId();
                case TENANT_ID -> requester.tenant();
            };
            bound.add(parameter.type().toJdbc(text));
        }
        return bound;
    }

    private Parameter parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
