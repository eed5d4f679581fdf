package dev.exportflow.api.dataset;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.exportflow.api.security.CurrentCaller;
import dev.exportflow.events.dataset.DatasetCatalog;

import io.quarkus.security.Authenticated;

/** What the caller may export, with each parameter's type and constraints. */
@Path("/api/datasets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetCatalog catalog;
    private final CurrentCaller caller;

    public DatasetResource(DatasetCatalog catalog, CurrentCaller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    public List<DatasetView> list() {
        return catalog.visibleTo(caller.get().roles()).stream().map(DatasetView::of).toList();
    }
}
