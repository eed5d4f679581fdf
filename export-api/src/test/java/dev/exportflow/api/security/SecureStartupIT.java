package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.ApiProcess;

import org.junit.jupiter.api.Test;

/**
 * The packaged service refuses to start with bearer token settings that would let foreign tokens in: no audience, no
 * issuer, or a signature algorithm other than RS256 / ES256. It exits, and its log says which setting to fix.
 */
class SecureStartupIT {

    @Test
    void withoutAnAudienceThePackagedServiceDoesNotStart() throws IOException {
        refusesToStart("api-without-audience", Map.of("mp.jwt.verify.audiences", ""),
                "mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES) is not set");
    }

    @Test
    void withAnotherAlgorithmOrWithoutAnIssuerItDoesNotStartEither() throws IOException {
        refusesToStart("api-with-rs384", Map.of("mp.jwt.verify.publickey.algorithm", "RS384"),
                "mp.jwt.verify.publickey.algorithm is RS384");
        // left out, as a deployment that forgot it would: an empty value fails earlier, in SmallRye JWT's own mapping
        refusesToStart("api-without-issuer", Collections.singletonMap("mp.jwt.verify.issuer", null),
                "mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER)");
    }

    private static void refusesToStart(String name, Map<String, String> config, String reason) throws IOException {
        assertThatThrownBy(() -> ApiProcess.start(Api.stack(), name, config).close())
                .hasMessageContaining("exited while starting");
        String log = Files.readString(Path.of("target", "it-logs", name + ".log"));
        assertThat(log).contains("export-api does not start with unsafe bearer token settings").contains(reason);
    }
}
