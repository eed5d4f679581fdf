package dev.exportflow.systemtests;

import java.util.concurrent.CompletableFuture;

import dev.exportflow.devstack.process.Ports;
import dev.exportflow.devstack.services.LocalSystem;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * {@link OidcSignInIT}'s Keycloak, started in the background as soon as a run that includes that test begins. Its
 * start takes more than a minute (it builds its server, creates its database, imports the realm), most of it on one
 * core, and the tests that run before OidcSignInIT overlap it instead of waiting for it. The JUnit Platform finds
 * this listener through {@code META-INF/services}; when the run began without it (the test run from an IDE),
 * {@link #begin()} starts the provider when the test asks for it.
 */
public final class SignInProvider implements TestExecutionListener {

    private static SignInProvider started;

    private final int uiPort;
    private final int keycloakPort;
    private final CompletableFuture<Keycloak> keycloak;

    /** The JUnit Platform's listener instance; the provider itself is made by {@link #begin()}. */
    public SignInProvider() {
        this(0, 0, null);
    }

    private SignInProvider(int uiPort, int keycloakPort, CompletableFuture<Keycloak> keycloak) {
        this.uiPort = uiPort;
        this.keycloakPort = keycloakPort;
        this.keycloak = keycloak;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean signInTestRuns = plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                .anyMatch(test -> test.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                        .filter(source -> source.getClassName().equals(OidcSignInIT.class.getName())).isPresent());
        if (signInTestRuns) {
            // in the background: the first test class waits for the system it starts, not for this listener
            InBackground.run("sign-in-provider", SignInProvider::begin);
        }
    }

    /**
     * The provider, started now if it is not yet: the ports of the sign-in test's export-api and of Keycloak are
     * taken from the stack at once, Keycloak starts in the background ({@link #keycloak()} waits for it).
     */
    static synchronized SignInProvider begin() {
        if (started == null) {
            LocalSystem system = SystemUnderTest.get();
            int uiPort = system.stack().allocateServicePort();
            int keycloakPort = system.stack().allocateServicePort();
            CompletableFuture<Keycloak> keycloak = InBackground.supply("keycloak-start", () -> Keycloak.start(keycloakPort,
                    "http://" + Ports.LOOPBACK + ":" + uiPort, system.logDir()));
            // stopped by OidcSignInIT; this only catches a run that never got there
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (keycloak.isDone() && !keycloak.isCompletedExceptionally()) {
                    keycloak.join().close();
                }
            }));
            started = new SignInProvider(uiPort, keycloakPort, keycloak);
        }
        return started;
    }

    /** The port of the sign-in test's export-api, which serves the UI: the only address the realm redirects to. */
    int uiPort() {
        return uiPort;
    }

    /** The realm's issuer, known before Keycloak answers. */
    String issuer() {
        return Keycloak.issuer(keycloakPort);
    }

    /** Keycloak once it answers; rethrows why it could not start. */
    Keycloak keycloak() {
        return keycloak.join();
    }
}
