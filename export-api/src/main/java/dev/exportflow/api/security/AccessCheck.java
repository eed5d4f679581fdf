package dev.exportflow.api.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.dataset.Dataset;
import dev.exportflow.events.dataset.DatasetCatalog;

/**
 * Whether a user may still use an export made earlier (its file, its stream, its email): they must still belong to
 * the job's tenant and hold a role the dataset needs as the catalog says now. Checked at every use, not only when
 * the export was created.
 */
@ApplicationScoped
public class AccessCheck {

    private final DatasetCatalog catalog;

    public AccessCheck(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param tenant the user's tenant now
     * @param roles the user's roles now
     * @return why the user may no longer use the export, in words for them; empty when they may
     */
    public Optional<String> refusal(String dataset, String jobTenant, String tenant, Set<String> roles) {
        if (jobTenant == null || !jobTenant.equals(tenant)) {
            return Optional.of("This export was made in another tenant than the one you belong to now.");
        }
        Optional<Dataset> current = catalog.find(dataset);
        if (current.isEmpty()) {
            return Optional.of("The dataset '" + dataset + "' is no longer offered.");
        }
        if (!current.get().allowedFor(roles)) {
            return Optional.of("Exports of '" + current.get().title() + "' now need a role you do not have.");
        }
        return Optional.empty();
    }

    /** @throws ProblemException 403 unless the caller may still use the export */
    public void require(Caller caller, String dataset, String jobTenant) {
        refusal(dataset, jobTenant, caller.tenant(), caller.roles()).ifPresent(reason -> {
            throw ProblemException.of(403, "access-revoked", "No longer allowed", reason);
        });
    }
}
