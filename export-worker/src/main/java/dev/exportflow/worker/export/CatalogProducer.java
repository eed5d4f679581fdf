package dev.exportflow.worker.export;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.dataset.DatasetCatalogConfig;

/** The dataset catalog shared with export-api ({@code exportflow.datasets.*}); a mistake in it stops the worker at startup. */
public class CatalogProducer {

    @Produces
    @Singleton
    DatasetCatalog catalog(DatasetCatalogConfig config) {
        return DatasetCatalog.of(config);
    }
}
