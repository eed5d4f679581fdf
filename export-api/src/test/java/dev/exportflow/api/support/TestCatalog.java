package dev.exportflow.api.support;

import java.util.List;
import java.util.Map;

import dev.exportflow.events.dataset.DatasetCatalogConfig;
import dev.exportflow.events.dataset.ParameterSource;
import dev.exportflow.events.dataset.ParameterType;

/**
 * Two datasets, written as an operator would configure them, for tests without a running application: {@code orders}
 * for every role, {@code secret} for {@code admin} only.
 */
public final class TestCatalog implements DatasetCatalogConfig {


    @Override
    public Map<String, DatasetConfig> datasets() {
        return Map.of(
                "orders", dataset("select * from orders where tenant_id = :tenant_id and day >= :from_date"
                        + " and total >= :min_total", List.of(), Map.of(
                                "tenant_id", parameter(ParameterType.STRING, ParameterSource.TENANT_ID),
                                "from_date", parameter(ParameterType.DATE, ParameterSource.REQUEST),
                                "min_total", parameter(ParameterType.DECIMAL, ParameterSource.REQUEST))),
                "secret", dataset("select 1", List.of("admin"), Map.of()));
    }

    private static DatasetConfig dataset(String sql, List<String> roles, Map<String, ParameterConfig> parameters) {
        return new DatasetConfig() {
            @Override
            public String title() {
                return "Title";
            }

            @Override
            public java.util.Optional<String> description() {
                return java.util.Optional.empty();
            }

            @Override
            public String sql() {
                return sql;
            }

            @Override
            public java.util.Optional<List<String>> roles() {
                return java.util.Optional.of(roles);
            }

            @Override
            public Map<String, ParameterConfig> parameters() {
                return parameters;
            }

            @Override
            public Map<String, ColumnConfig> columns() {
                return Map.of();
            }

            @Override
            public java.time.Duration statementTimeout() {
                return java.time.Duration.ofHours(1);
            }

            @Override
            public java.util.Optional<String> estimateSql() {
                return java.util.Optional.empty();
            }
        };
    }

    private static ParameterConfig parameter(ParameterType type, ParameterSource source) {
        return new ParameterConfig() {
            @Override
            public ParameterType type() {
                return type;
            }

            @Override
            public boolean required() {
                return false;
            }

            @Override
            public ParameterSource source() {
                return source;
            }

            @Override
            public java.util.Optional<List<String>> allowed() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> min() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> max() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<Integer> maxLength() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> defaultValue() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> description() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> notBefore() {
                return java.util.Optional.empty();
            }
        };
    }
}
