package dev.exportflow.events.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private static final UUID JOB = UUID.fromString("5b0e2c55-6f1a-4a8e-9d5e-7a3c2b1f0e99");

    @Test
    void everyGenerationOfAJobHasAFolderOfItsOwnBelowTheExportsPrefix() {
        assertThat(ObjectKeys.of(JOB, 3, "orders-2026-01-31.csv"))
                .isEqualTo("exports/5b0e2c55-6f1a-4a8e-9d5e-7a3c2b1f0e99/3/orders-2026-01-31.csv")
                .startsWith(ObjectKeys.generationPrefix(JOB, 3))
                .startsWith(ObjectKeys.jobPrefix(JOB))
                .startsWith(ObjectKeys.PREFIX);
        assertThat(ObjectKeys.generationPrefix(JOB, 3)).isNotEqualTo(ObjectKeys.generationPrefix(JOB, 4));
    }

    @Test
    void aKeyNamedByARecordMustBeAFileOfThatJobGeneration() {
        assertThat(ObjectKeys.belongsTo(ObjectKeys.of(JOB, 2, "orders-2026-01-31.csv"), JOB, 2)).isTrue();

        assertThat(ObjectKeys.belongsTo(ObjectKeys.of(JOB, 2, "orders.csv"), JOB, 3)).as("another generation").isFalse();
        assertThat(ObjectKeys.belongsTo(ObjectKeys.of(UUID.randomUUID(), 2, "orders.csv"), JOB, 2)).as("another job").isFalse();
        assertThat(ObjectKeys.belongsTo("payroll/2026/salaries.csv", JOB, 2)).as("outside the exports").isFalse();
        assertThat(ObjectKeys.belongsTo(ObjectKeys.generationPrefix(JOB, 2), JOB, 2)).as("the folder itself").isFalse();
        assertThat(ObjectKeys.belongsTo(ObjectKeys.generationPrefix(JOB, 2) + "../../other/x.csv", JOB, 2)).isFalse();
        assertThat(ObjectKeys.belongsTo(ObjectKeys.generationPrefix(JOB, 2) + "..", JOB, 2)).isFalse();
        assertThat(ObjectKeys.belongsTo(ObjectKeys.generationPrefix(JOB, 2) + "a\\b.csv", JOB, 2)).isFalse();
        assertThat(ObjectKeys.belongsTo(ObjectKeys.generationPrefix(JOB, 2) + "a\nb.csv", JOB, 2)).isFalse();
        assertThat(ObjectKeys.belongsTo(null, JOB, 2)).isFalse();
    }
}
