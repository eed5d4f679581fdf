package dev.exportflow.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

/**
 * A batch's acknowledged rows are marked sent by id in one statement: however large the configured batch, it binds
 * its ids as one array, not one parameter each (PostgreSQL takes at most 65,535).
 */
@QuarkusTest
class MarkSentTest {

    /** More ids than one statement may bind. */
    private static final int IDS = 70_000;

    @Inject
    DataSource dataSource;

    @Inject
    OutboxRows outboxRows;

    @Test
    void aBatchOfMoreIdsThanAStatementMayBindIsMarkedSent() {
        Db db = new Db(dataSource);
        UUID job = Api.createOrdersJob(Api.newUser("mark-sent"), Map.of("status", "NEW"));
        Map<String, Object> event = db.one("select topic, event_type, payload from outbox_event where aggregate_id = ?", job);
        // rows sent a minute ago, so that no relay takes them; marking them again must set the new time
        List<UUID> rows = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID aggregate = UUID.randomUUID();
        for (UUID row : rows) {
            db.update("insert into outbox_event (id, aggregate_id, topic, event_type, payload, created_at, sent_at)"
                    + " values (?, ?, ?, ?, ?, now(), now() - interval '1 minute')", row, aggregate,
                    event.get("topic"), event.get("event_type"), event.get("payload"));
        }
        // the rows first, in the middle and last, among ids of no row
        List<UUID> ids = new ArrayList<>();
        ids.add(rows.get(0));
        for (int i = 1; i < IDS - 1; i++) {
            ids.add(i == IDS / 2 ? rows.get(1) : UUID.randomUUID());
        }
        ids.add(rows.get(2));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        QuarkusTransaction.requiringNew().run(() -> outboxRows.markSent(ids, at));

        for (UUID row : rows) {
            assertThat(db.count("select count(*) from outbox_event where id = ? and sent_at = ?", row,
                    OffsetDateTime.ofInstant(at, ZoneOffset.UTC))).as("row %s marked sent at %s", row, at).isEqualTo(1);
        }
        db.update("delete from outbox_event where aggregate_id = ?", aggregate);
    }
}
