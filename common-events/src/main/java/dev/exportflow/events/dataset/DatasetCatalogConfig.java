package dev.exportflow.events.dataset;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * What operators declare as exportable, under {@code exportflow.datasets.<name>.*}. The api and the
 * worker read the same file (see {@code quarkus.config.locations}); {@link DatasetCatalog} turns it
 * into checked, immutable {@link Dataset}s.
 */
@ConfigMapping(prefix = "exportflow.datasets")
public interface DatasetCatalogConfig {

    @WithParentName
    Map<String, DatasetConfig> datasets();

    /** One exportable dataset. */
    interface DatasetConfig {

        /** Shown to users, in emails and in the UI. */
        String title();

        Optional<String> description();

        /** A single SELECT with named parameters ({@code :from_date}); bound through a PreparedStatement. */
        String sql();

        /** Roles (JWT {@code groups}) allowed to export it; none means every authenticated user. */
        Optional<List<String>> roles();

        Map<String, ParameterConfig> parameters();

        /** Per-column options, by the column label of the query. */
        Map<String, ColumnConfig> columns();

        /** The longest the query may run. */
        @WithDefault("PT1H")
        Duration statementTimeout();

        /**
         * An optional cheap query returning one number, the expected row count, run with the same
         * parameters; used to show a percentage while the export runs.
         */
        Optional<String> estimateSql();
    }

    /** One named parameter of a dataset's query. */
    interface ParameterConfig {

        ParameterType type();

        @WithDefault("false")
        boolean required();

        /** Where the value comes from: the request body, or the verified caller. */
        @WithDefault("request")
        ParameterSource source();

        /** The only values accepted, when the list is given. */
        Optional<List<String>> allowed();

        /** Inclusive lower bound, in the parameter's canonical text. */
        Optional<String> min();

        /** Inclusive upper bound, in the parameter's canonical text. */
        Optional<String> max();

        /** Longest accepted text, for strings (default 1000, at most 10000). */
        Optional<Integer> maxLength();

        /**
         * Another parameter of the same type that this one may not be less than, e.g. {@code from_date} on
         * {@code to_date}: a request whose range ends before it starts is refused, naming this parameter.
         */
        Optional<String> notBefore();

        /** Value used when the request does not give one. */
        Optional<String> defaultValue();

        Optional<String> description();
    }

    /** How one result column is written. */
    interface ColumnConfig {

        /** Header text; default: the column label of the query. */
        Optional<String> label();

        /**
         * A numeric column is exempt from formula neutralisation, so that {@code -12.50} stays a
         * number in a spreadsheet.
         */
        @WithDefault("false")
        boolean numeric();
    }
}
