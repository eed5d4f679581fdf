package dev.exportflow.api.dataset;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.exportflow.api.security.Caller;
import dev.exportflow.events.dataset.DatasetCatalog;

import io.quarkus.security.Authenticated;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** What the caller may export, with each parameter's type and constraints. */
@Path("/api/datasets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetCatalog catalog;
    private final JsonWebToken token;

    public DatasetResource(DatasetCatalog catalog, JsonWebToken token) {
        this.catalog = catalog;
        this.token = token;
    }

    @GET
    public List<DatasetView> list() {
        return catalog.visibleTo(Caller.of(token).roles()).stream().map(DatasetView::of).toList();
    }
}
