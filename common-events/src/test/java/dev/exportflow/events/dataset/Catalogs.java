package dev.exportflow.events.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Builds catalogs the way the services do: SmallRye Config mapping of {@code exportflow.datasets.*}. */
final class Catalogs {

    private Catalogs() {
    }

    static DatasetCatalogConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DatasetCatalogConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(DatasetCatalogConfig.class);
    }

    static DatasetCatalog of(Map<String, String> properties) {
        return DatasetCatalog.of(config(properties));
    }

    /** The demo catalog that ships in common-events. */
    static DatasetCatalog demo() {
        try (InputStream in = Catalogs.class.getResourceAsStream("/exportflow-datasets.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> map = new HashMap<>();
            properties.forEach((key, value) -> map.put(key.toString(), value.toString()));
            return of(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
