package dev.exportflow.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecureListenerTest {

    /** keytool's launcher reads an argument starting with {@code -J} as an option of its JVM, so no secret may start so. */
    @Test
    void secretsAreRandomHexThatNoCommandLineReadsAsAnOption() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String secret = SecureListener.secret();
            assertThat(secret).matches("[0-9a-f]{48}");
            secrets.add(secret);
        }
        assertThat(secrets).hasSize(2_000);
    }
}
