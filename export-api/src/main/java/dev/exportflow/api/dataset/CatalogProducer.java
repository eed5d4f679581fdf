package dev.exportflow.api.dataset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.dataset.DatasetCatalogConfig;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** The checked dataset catalog, built once at startup: a mistake in it stops the service right away. */
@ApplicationScoped
public class CatalogProducer {

    @Produces
    @Singleton
    DatasetCatalog catalog(DatasetCatalogConfig config) {
        return DatasetCatalog.of(config);
    }

    void checkAtStartup(@Observes StartupEvent startup, DatasetCatalog catalog) {
        Log.infof("dataset catalog: %s", catalog.all().stream().map(dataset -> dataset.name()).toList());
    }
}
