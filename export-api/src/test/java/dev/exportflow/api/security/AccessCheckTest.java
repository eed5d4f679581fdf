package dev.exportflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.support.TestCatalog;
import dev.exportflow.events.dataset.DatasetCatalog;

import org.junit.jupiter.api.Test;

class AccessCheckTest {

    private final AccessCheck access = new AccessCheck(DatasetCatalog.of(new TestCatalog()));

    @Test
    void theSameTenantAndARoleTheDatasetNeedsAreEnough() {
        assertThat(access.refusal("orders", "acme", "acme", Set.of())).isEmpty();
        assertThat(access.refusal("secret", "acme", "acme", Set.of("exporter", "admin"))).isEmpty();
    }

    @Test
    void anotherTenantALostRoleOrAVanishedDatasetIsRefusedWithAReason() {
        assertThat(access.refusal("orders", "acme", "globex", Set.of())).hasValueSatisfying(reason ->
                assertThat(reason).contains("another tenant"));
        assertThat(access.refusal("orders", null, "acme", Set.of())).as("a job without a tenant").isPresent();
        assertThat(access.refusal("secret", "acme", "acme", Set.of("exporter"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("need a role"));
        assertThat(access.refusal("payroll", "acme", "acme", Set.of("admin"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("no longer offered"));
    }

    @Test
    void requireAnswersA403() {
        Caller moved = new Caller("u", "u@example.com", "globex", null, null, Set.of());
        assertThatThrownBy(() -> access.require(moved, "orders", "acme")).isInstanceOfSatisfying(ProblemException.class,
                e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(403);
                    assertThat(e.problem().getType()).endsWith("/access-revoked");
                });
    }
}
