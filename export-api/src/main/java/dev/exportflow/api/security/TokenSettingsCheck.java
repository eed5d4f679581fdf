package dev.exportflow.api.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start without what makes bearer tokens safe to accept: an expected audience (else a token the identity
 * provider issued for any other application would do), an expected issuer, and an asymmetric signature algorithm.
 * SmallRye JWT itself would start without them and skip those checks.
 */
@ApplicationScoped
public class TokenSettingsCheck {

    /** The signature algorithms a token may use; the configured one is the only one accepted. */
    public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

    /** First of the startup observers: a refused start must not leave tasks behind that its shutdown waits for. */
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<List<String>> audiences,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
            @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256") String algorithm,
            @ConfigProperty(name = "smallrye.jwt.verify.algorithm") Optional<String> symmetricAlgorithm) {
        List<String> problems = problems(audiences, issuer, algorithm, symmetricAlgorithm);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("export-api does not start with unsafe bearer token settings: "
                    + String.join("; ", problems));
        }
    }

    static List<String> problems(Optional<List<String>> audiences, Optional<String> issuer, String algorithm,
            Optional<String> symmetricAlgorithm) {
        List<String> problems = new ArrayList<>();
        if (audiences.filter(values -> values.stream().anyMatch(value -> !value.isBlank())).isEmpty()) {
            problems.add("mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES) is not set; set it to the aud value your "
                    + "identity provider puts in tokens for ExportFlow (devstack: exportflow)");
        }
        if (issuer.filter(value -> !value.isBlank()).isEmpty()) {
            problems.add("mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER) is not set");
        }
        if (!ALGORITHMS.contains(algorithm)) {
            problems.add("mp.jwt.verify.publickey.algorithm is " + algorithm + "; it must be one of " + ALGORITHMS);
        }
        symmetricAlgorithm.ifPresent(value -> problems.add("smallrye.jwt.verify.algorithm is set (" + value
                + "); tokens are verified with a public key only, set mp.jwt.verify.publickey.algorithm instead"));
        return problems;
    }
}
