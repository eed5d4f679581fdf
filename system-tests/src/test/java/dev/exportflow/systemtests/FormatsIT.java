package dev.exportflow.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.exportflow.devstack.Endpoints;

import io.restassured.path.json.JsonPath;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every format from the POST to the downloaded file, which holds exactly the rows of the dataset's query: an Excel
 * workbook read back cell by cell, and gzip-compressed JSON Lines parsed line by line (CSV: {@link EndToEndIT}).
 */
@Timeout(300)
class FormatsIT extends SystemTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void anXlsxExportIsAWorkbookOfTheQueryRowsWithTypedCells() throws Exception {
        User ada = user("ada-xlsx", "ada.xlsx@example.com");
        JsonPath job = export(ada, Map.of("dataset", "orders", "parameters", Map.of("status", "PAID"), "format", "xlsx"));

        assertThat(job.getString("file.name")).endsWith(".xlsx");
        assertThat(job.getString("file.contentType"))
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        List<Order> expected = paidOrders();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(download(ada, job)))) {
            Sheet sheet = workbook.getSheet("orders");
            Row header = sheet.getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Order");
            assertThat(sheet.getLastRowNum()).isEqualTo(expected.size());
            List<String> labels = new ArrayList<>();
            header.forEach(cell -> labels.add(cell.getStringCellValue()));
            for (int i = 0; i < expected.size(); i++) {
                Row row = sheet.getRow(i + 1);
                Order order = expected.get(i);
                assertThat(row.getCell(labels.indexOf("Order")).getNumericCellValue()).as("row %d", i).isEqualTo(order.id());
                assertThat(row.getCell(labels.indexOf("Total")).getNumericCellValue()).isEqualTo(order.total().doubleValue());
                assertThat(row.getCell(labels.indexOf("status")).getStringCellValue()).isEqualTo("PAID");
                assertThat(row.getCell(labels.indexOf("ordered_at")).getCellType()).isEqualTo(CellType.NUMERIC);
                if (order.note() == null) {
                    assertThat(row.getCell(labels.indexOf("note"))).isNull();
                } else {
                    assertThat(row.getCell(labels.indexOf("note")).getCellType()).as("never a formula")
                            .isEqualTo(CellType.STRING);
                    assertThat(row.getCell(labels.indexOf("note")).getStringCellValue()).isEqualTo(order.note());
                }
            }
        }
        assertThat(job.getLong("file.rows")).isEqualTo(expected.size());
    }

    @Test
    void aGzippedJsonLinesExportHasOneObjectPerQueryRow() throws Exception {
        User ada = user("ada-jsonl", "ada.jsonl@example.com");
        JsonPath job = export(ada, Map.of("dataset", "orders", "parameters", Map.of("status", "PAID"), "format", "jsonl",
                "options", Map.of("gzip", true)));

        assertThat(job.getString("file.name")).endsWith(".jsonl.gz");
        List<Order> expected = paidOrders();
        String lines;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(download(ada, job)))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<JsonNode> objects = lines.lines().map(FormatsIT::json).toList();
        assertThat(objects).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode object = objects.get(i);
            Order order = expected.get(i);
            assertThat(object.get("Order").longValue()).as("line %d", i).isEqualTo(order.id());
            assertThat(object.get("Total").decimalValue()).isEqualByComparingTo(order.total());
            assertThat(object.get("status").asText()).isEqualTo("PAID");
            assertThat(object.get("note").isNull() ? null : object.get("note").asText()).isEqualTo(order.note());
            assertThat(object.get("ordered_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*(Z|[+-]\\d{2}:\\d{2})");
        }
    }

    private static JsonPath export(User user, Map<String, Object> body) {
        String id = api.submitAccepted(user.token(), body);
        JsonPath job = api.awaitFinished(user.token(), id, Duration.ofMinutes(3));
        assertThat(job.getString("status")).isEqualTo("SUCCEEDED");
        return job;
    }

    /**
     * The owner's download, as a browser script does it: the presigned URL as JSON, then a plain GET of it, sent as it
     * is (encoding its query again would break the signature).
     */
    private static byte[] download(User user, JsonPath job) {
        String url = given().baseUri(system.apiBaseUrl()).auth().oauth2(user.token()).accept("application/json")
                .get("/api/exports/" + job.getString("id") + "/download").then().statusCode(200).extract().path("url");
        return given().urlEncodingEnabled(false).redirects().follow(false).get(url).then().statusCode(200).extract()
                .asByteArray();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("Not one JSON object: " + line, e);
        }
    }

    record Order(long id, BigDecimal total, String note) {
    }

    private static List<Order> paidOrders() throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(system.stack().endpoints().jdbcUrl(Endpoints.SHOP_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                PreparedStatement query = connection.prepareStatement(
                        "select id, total, note from shop.orders where tenant_id = ? and status = 'PAID' order by id")) {
            query.setString(1, SystemUnderTest.TENANT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    orders.add(new Order(rows.getLong("id"), rows.getBigDecimal("total"), rows.getString("note")));
                }
            }
        }
        assertThat(orders).hasSizeGreaterThan(100);
        return orders;
    }
}
