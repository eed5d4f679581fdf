package dev.exportflow.devstack.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.auth.DevKeys;
import dev.exportflow.devstack.auth.DevTokens;
import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.mail.Mailbox;
import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.shop.ShopData;
import dev.exportflow.events.link.LinksConfig;

/**
 * {@code ./exportflow demo}: one export end to end, checked. It asks the api for the demo tenant's
 * orders, follows the job's progress, takes the link from the email, downloads the file through it
 * and compares every row with the database. Starts the system first when {@code up} is not running.
 */
final class DemoCommand {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration EMAIL_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Console console;

    DemoCommand(Console console) {
        this.console = console;
    }

    int run(List<String> options) {
        DevStackSettings settings = DevStackSettings.dev();
        Optional<String> running = RunningSystem.apiBaseUrl(settings);
        if (running.isPresent()) {
            console.line("Using the system of ./exportflow up at %s", running.get());
            return demo(running.get(), settings, readEndpoints(settings));
        }
        long orders = Long.parseLong(ExportFlowCli.option(options, "--orders", "100000"));
        try (LocalSystem system = UpCommand.startSystem(console, settings, orders)) {
            return demo(system.apiBaseUrl(), settings, system.stack().endpoints());
        }
    }

    private static Endpoints readEndpoints(DevStackSettings settings) {
        try {
            return JSON.readTree(settings.stateFile().toFile()).path("endpoints").traverse(JSON).readValueAs(Endpoints.class);
        } catch (IOException e) {
            throw new DevStackException("Cannot read " + settings.stateFile() + ": " + e.getMessage(), e);
        }
    }

    private int demo(String api, DevStackSettings settings, Endpoints endpoints) {
        DevKeys keys = new DevKeys(settings.home()).ensureExist();
        String token = new DevTokens(keys.privateKeyFile(), DevKeys.ISSUER).mint(UpCommand.DEMO_USER, UpCommand.DEMO_EMAIL);
        Mailbox mailbox = new Mailbox(endpoints.mailApiUrl());
        int emailsBefore = mailbox.messagesFor(UpCommand.DEMO_EMAIL).size();
        ApiClient client = new ApiClient(api);

        Instant started = Instant.now();
        ApiClient.Submitted submitted = client.submit(token, "{\"dataset\":\"orders\",\"parameters\":{},\"format\":\"csv\"}");
        String id = submitted.id();
        console.line("Export %s accepted (202, Location %s)", id, submitted.location());

        JsonNode job = client.follow(token, id, JOB_TIMEOUT, this::showProgress);
        Duration took = Duration.between(started, Instant.now());
        console.line("");
        if (!"SUCCEEDED".equals(job.path("status").asText())) {
            console.error("export %s %s: %s", id, job.path("status").asText(), job.path("error"));
            return 1;
        }
        JsonNode file = job.path("file");

        Email email = awaitEmail(mailbox, emailsBefore);
        String link = email.linkContaining(LinksConfig.PATH + "/");
        console.line("Email \"%s\" arrived for %s with link %s", email.subject(), UpCommand.DEMO_EMAIL, link);

        byte[] bytes = client.download(link);
        String sha256 = sha256(bytes);
        if (!sha256.equals(file.path("sha256").asText()) || bytes.length != file.path("size").asLong()) {
            throw new DevStackException("The downloaded file (" + bytes.length + " bytes, sha256 " + sha256
                    + ") is not the one the job reports (" + file.path("size").asLong() + " bytes, sha256 "
                    + file.path("sha256").asText() + ")");
        }
        long rows = compareWithDatabase(bytes, file.path("name").asText(), endpoints);
        console.line("Downloaded %s through the link: %,d bytes, sha256 matches, %,d rows match the database",
                file.path("name").asText(), bytes.length, rows);
        console.line("export %s SUCCEEDED: %d rows, %d bytes in %.1f s", id, rows, bytes.length, took.toMillis() / 1000.0);
        return 0;
    }

    private void showProgress(JsonNode job) {
        String status = job.path("status").asText();
        JsonNode progress = job.path("progress");
        long rows = progress.path("rows").asLong();
        long total = progress.path("estimatedTotalRows").asLong(0);
        double fraction = "SUCCEEDED".equals(status) ? 1 : total > 0 ? Math.min(1, (double) rows / total) : 0;
        console.progress(String.format("%s %,d%s rows, %,d bytes  %s", Console.bar(fraction, 30), rows,
                total > 0 ? " of " + String.format("%,d", total) : "", progress.path("bytes").asLong(), status));
    }

    private Email awaitEmail(Mailbox mailbox, int before) {
        Instant deadline = Instant.now().plus(EMAIL_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<Email> emails = mailbox.messagesFor(UpCommand.DEMO_EMAIL);
            if (emails.size() > before) {
                return emails.get(emails.size() - 1);
            }
            ApiClient.pause(Duration.ofMillis(250));
        }
        throw new DevStackException("No email reached " + UpCommand.DEMO_EMAIL + " within " + EMAIL_TIMEOUT.toSeconds()
                + " s; see .devstack/dev/logs/notifier.log");
    }

    /** Compares order ids and totals of every CSV row with the demo tenant's orders, in order. */
    private static long compareWithDatabase(byte[] bytes, String fileName, Endpoints endpoints) {
        Map<Long, BigDecimal> expected = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.SHOP_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                PreparedStatement query = connection.prepareStatement(
                        "select id, total from shop.orders where tenant_id = ? order by id")) {
            query.setString(1, ShopData.TENANTS.get(0));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    expected.put(rows.getLong(1), rows.getBigDecimal(2));
                }
            }
        } catch (SQLException e) {
            throw new DevStackException("Cannot read the expected rows: " + e.getMessage(), e);
        }
        List<Map<String, String>> actual = new ArrayList<>();
        try (InputStream in = fileName.endsWith(".gz") ? new GZIPInputStream(new ByteArrayInputStream(bytes))
                : new ByteArrayInputStream(bytes);
                MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            rows.forEachRemaining(actual::add);
        } catch (IOException e) {
            throw new DevStackException("The downloaded file is not readable CSV: " + e.getMessage(), e);
        }
        if (actual.size() != expected.size()) {
            throw new DevStackException("The file has " + actual.size() + " rows, the database " + expected.size());
        }
        var expectedRows = expected.entrySet().iterator();
        for (Map<String, String> row : actual) {
            var next = expectedRows.next();
            boolean sameOrder = Long.parseLong(row.get("Order")) == next.getKey();
            if (!sameOrder || new BigDecimal(row.get("Total")).compareTo(next.getValue()) != 0) {
                throw new DevStackException("Row " + row + " differs from the database: order " + next.getKey() + ", total "
                        + next.getValue());
            }
        }
        return actual.size();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
