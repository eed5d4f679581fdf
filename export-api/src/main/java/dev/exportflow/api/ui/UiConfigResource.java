package dev.exportflow.api.ui;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tells the bundled web UI, before anyone signed in, how people sign in. */
@Path("/api/ui/config")
@Tag(name = "Operators")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class UiConfigResource {

    private final UiConfig config;

    public UiConfigResource(UiConfig config) {
        this.config = config;
    }

    @GET
    @Operation(summary = "How the web UI signs people in", description = "No token needed. oidc is null unless an "
            + "OpenID Connect provider is configured (exportflow.ui.oidc.*); tokenPaste only where configuration enables it.")
    public UiSettings get() {
        UiConfig.Oidc oidc = config.oidc();
        boolean configured = oidc.authority().filter(value -> !value.isBlank()).isPresent()
                && oidc.clientId().filter(value -> !value.isBlank()).isPresent();
        return new UiSettings(configured ? new UiSettings.Oidc(oidc.authority().get().trim(), oidc.clientId().get().trim(),
                oidc.scope()) : null, config.tokenPaste());
    }

    /** The answer of {@code GET /api/ui/config}. */
    public record UiSettings(Oidc oidc, boolean tokenPaste) {

        /** What an OIDC client library needs to start the authorization-code flow with PKCE. */
        public record Oidc(String authority, String clientId, String scope) {
        }
    }
}
