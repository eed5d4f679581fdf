package dev.exportflow.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.Topics;

/** What a refused request must leave behind: nothing. */
public final class Untouched {

    private Untouched() {
    }

    /**
     * No job of the user, no outbox row naming them, no ExportRequested naming them. The outbox is the only way to
     * the topic, so an empty outbox right after the answer is already conclusive; the topic is checked as well.
     */
    public static void assertNothingStoredOrPublishedFor(String user) {
        Db db = Db.jobs(Api.stack());
        assertThat(db.count("select count(*) from export_job where owner_id = ?", user)).isZero();
        assertThat(db.count("select count(*) from outbox_event where payload like ?", "%\"" + user + "\"%")).isZero();
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            assertThat(kafka.records(Topics.EXPORT_REQUESTED))
                    .noneMatch(record -> new String(record.value()).contains("\"" + user + "\""));
        }
    }
}
