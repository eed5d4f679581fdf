package dev.exportflow.api.ui;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start with half an OpenID Connect provider for the web UI (an authority without a client id, or the
 * reverse, would leave people without a way to sign in and nobody told why) or with an authority that is no issuer
 * URL; warns when the authority is not the issuer the api expects in tokens, the usual reason why every sign-in ends
 * in a 401.
 */
@ApplicationScoped
public class SignInSettingsCheck {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    /** Among the first startup observers, as TokenSettingsCheck: a refused start leaves no task behind to wait for. */
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup, UiConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        Optional<String> authority = present(config.oidc().authority());
        List<String> problems = problems(authority, present(config.oidc().clientId()));
        if (!problems.isEmpty()) {
            throw new ConfigurationException("export-api does not start with this web UI sign-in: "
                    + String.join("; ", problems));
        }
        if (authority.isPresent() && !sameIssuer(authority.get(), issuer.orElse(""))) {
            Log.warnf("exportflow.ui.oidc.authority is %s but mp.jwt.verify.issuer is %s: the api refuses tokens whose "
                    + "iss is not the latter, so sign-ins through the UI end in 401 unless the provider's access tokens "
                    + "name that issuer", authority.get(), issuer.orElse("(not set)"));
        }
    }

    static List<String> problems(Optional<String> authority, Optional<String> clientId) {
        List<String> problems = new ArrayList<>();
        if (authority.isPresent() && clientId.isEmpty()) {
            problems.add("exportflow.ui.oidc.authority is set but exportflow.ui.oidc.client-id "
                    + "(EXPORTFLOW_UI_OIDC_CLIENT_ID) is not: set the UI's public client id at the provider");
        }
        if (clientId.isPresent() && authority.isEmpty()) {
            problems.add("exportflow.ui.oidc.client-id is set but exportflow.ui.oidc.authority "
                    + "(EXPORTFLOW_UI_OIDC_AUTHORITY) is not: set the provider's issuer URL");
        }
        authority.filter(value -> !isIssuerUrl(value)).ifPresent(value -> problems.add("exportflow.ui.oidc.authority is "
                + value + "; it must be the provider's issuer URL: https://…, or http:// on this machine's loopback"));
        return problems;
    }

    /** Whether two issuer URLs name the same issuer (a trailing slash aside). */
    static boolean sameIssuer(String authority, String issuer) {
        return withoutTrailingSlash(authority).equals(withoutTrailingSlash(issuer.trim()));
    }

    private static boolean isIssuerUrl(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                return false;
            }
            return "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<String> present(Optional<String> value) {
        return value.map(String::trim).filter(text -> !text.isEmpty());
    }

    private static String withoutTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
