package dev.exportflow.api.ui;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the bundled web UI signs people in ({@code exportflow.ui.*}), served at {@code GET /api/ui/config}. */
@ConfigMapping(prefix = "exportflow.ui")
public interface UiConfig {

    /** The OpenID Connect provider the UI signs in with (authorization code + PKCE); unused unless both are set. */
    Oidc oidc();

    /**
     * Whether the UI offers to paste a bearer token instead of signing in: for development (on in the dev and test
     * profiles), never where real users sign in.
     */
    @WithDefault("false")
    boolean tokenPaste();

    /** A public OIDC client: the UI holds no secret. */
    interface Oidc {

        /** The provider's issuer URL (its {@code /.well-known/openid-configuration} lies below it). */
        Optional<String> authority();

        /** The UI's client id at the provider. */
        Optional<String> clientId();

        /** The scopes asked for. */
        @WithDefault("openid profile email")
        String scope();
    }
}
