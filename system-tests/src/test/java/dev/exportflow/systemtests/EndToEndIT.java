package dev.exportflow.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.EventType;
import dev.exportflow.events.TraceParent;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The foundation's promise, with every service a real process on real servers: an accepted export
 * ends as an email whose link downloads exactly the rows of the dataset's query, and nobody else
 * can see the job. The caller's trace travels with it all the way, through the outbox, the worker's queue and the
 * notifier's delivery log.
 */
@Timeout(300)
class EndToEndIT extends SystemTest {

    @Test
    void anExportTravelsFromTheApiToTheMailboxAndItsLinkDownloadsExactlyTheQueryRows() throws Exception {
        User ada = user("ada-e2e", "ada.e2e@example.com");
        String traceId = "c0ffee00c0ffee00c0ffee00c0ffee00";

        Response accepted = api.submit(ada.token(), ExportApiClient.orders("PAID"),
                Map.of(TraceParent.HEADER, "00-" + traceId + "-00f067aa0ba902b7-00"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.header("Location")).endsWith("/api/exports/" + id);
        assertThat(accepted.jsonPath().getString("status")).isIn("QUEUED", "RUNNING", "SUCCEEDED");

        JsonPath job = api.awaitFinished(ada.token(), id, Duration.ofMinutes(3));
        assertThat(job.getString("status")).isEqualTo("SUCCEEDED");

        Email message = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .until(() -> system.stack().mailbox().messagesFor(ada.email()), messages -> !messages.isEmpty())
                .get(0);
        String link = message.linkContaining("/d/");
        assertThat(link).startsWith(system.apiBaseUrl() + "/d/");
        assertThat(message.attachmentNames()).isEmpty();

        Response download = given().redirects().follow(true).get(link);
        assertThat(download.statusCode()).isEqualTo(200);
        List<Map<String, String>> rows = parseCsv(download.asString());

        List<Map<String, String>> expected = paidOrdersOfTenant(SystemUnderTest.TENANT);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(rows).hasSameSizeAs(expected);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).as("row %d", i).containsAllEntriesOf(expected.get(i));
        }
        assertThat(job.getLong("file.rows")).isEqualTo(expected.size());
        assertThat(system.stack().mailbox().messagesFor(ada.email())).hasSize(1);

        UUID jobId = UUID.fromString(id);
        assertThat(traceIds(EventType.EXPORT_REQUESTED, jobId)).as("the request's trace, through the outbox")
                .containsExactly(traceId);
        assertThat(traceIds(EventType.EXPORT_COMPLETED, jobId)).as("through the worker's claim")
                .containsExactly(traceId);
        List<String> notified = await().atMost(Duration.ofSeconds(30))
                .until(() -> traceIds(EventType.EXPORT_NOTIFIED, jobId), ids -> !ids.isEmpty());
        assertThat(notified).as("through the notifier's delivery").containsExactly(traceId);
    }

    @Test
    void anotherUserAskingForTheJobGetsNotFound() {
        String ada = system.stack().tokens().mint("ada-owner", "ada.owner@example.com");
        String bob = system.stack().tokens().mint("bob-other", "bob.other@example.com");
        String id = api.submitAccepted(ada, ExportApiClient.orders("NEW"));

        Response asBob = api.job(bob, id);

        assertThat(asBob.statusCode()).isEqualTo(404);
        assertThat(asBob.contentType()).startsWith("application/problem+json");
        // The owner's identity, not "ada" alone: a job id is hex and may contain it (a CI run met 3c77a87e-…-ada2-…).
        assertThat(asBob.asString()).doesNotContain("ada-owner", "ada.owner@example.com");
        assertThat(api.job(ada, id).statusCode()).isEqualTo(200);
    }

    /** The trace id each event of one job on a topic carries in its {@code traceparent} header (null without one). */
    private static List<String> traceIds(EventType type, UUID jobId) {
        return kafka.records(type.topic(), jobId).stream().map(record -> {
            String traceParent = TestKafka.header(record, TraceParent.HEADER);
            return traceParent == null ? null : TraceParent.traceId(traceParent);
        }).toList();
    }

    private static List<Map<String, String>> parseCsv(String csv) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> iterator = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(new StringReader(csv))) {
            iterator.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** The query's rows, in the CSV's column labels, with formula-like text neutralised as the CSV contract says. */
    private static List<Map<String, String>> paidOrdersOfTenant(String tenant) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(system.stack().endpoints().jdbcUrl(Endpoints.SHOP_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                PreparedStatement query = connection.prepareStatement("""
                        select o.id, o.status, c.name, c.email, c.country, o.item_count, o.total, o.currency, o.note
                        from shop.orders o join shop.customers c on c.id = o.customer_id
                        where o.tenant_id = ? and o.status = 'PAID' order by o.id""")) {
            query.setString(1, tenant);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("Order", result.getString("id"));
                    row.put("status", result.getString("status"));
                    row.put("customer_name", result.getString("name"));
                    row.put("customer_email", result.getString("email"));
                    row.put("country", result.getString("country"));
                    row.put("Items", result.getString("item_count"));
                    row.put("Total", result.getBigDecimal("total").toPlainString());
                    row.put("currency", result.getString("currency"));
                    row.put("note", neutralised(result.getString("note")));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String neutralised(String text) {
        if (text == null) {
            return "";
        }
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
