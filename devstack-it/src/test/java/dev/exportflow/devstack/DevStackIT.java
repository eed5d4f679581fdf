package dev.exportflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;
import dev.exportflow.events.Topics;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devstack itself: every server answers and is provisioned, nothing is left running after
 * close, a stack orphaned by a killed owner is cleaned up, a foreign program on a port gets a clear
 * error, and a second user reuses a running stack without stopping it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DevStackIT {

    private static final int PORT_BASE = 26100;

    @TempDir
    Path home;

    private DevStackSettings settings() {
        return new DevStackSettings("it", home, PORT_BASE, true, false);
    }

    @Test
    void startsEveryServerProvisionedAndLeavesNothingRunningAfterClose() throws Exception {
        List<Long> pids = new ArrayList<>();
        try (DevStack stack = DevStack.start(settings().asDurable())) {
            assertThat(stack.owner()).isTrue();
            Endpoints endpoints = stack.endpoints();
            try (Connection postgres = stack.postgres().superuserConnection("postgres");
                    Statement sql = postgres.createStatement()) {
                assertThat(setting(sql, "fsync")).as("a durable stack syncs to disk").isEqualTo("on");
                assertThat(setting(sql, "synchronous_commit")).isEqualTo("on");
            }

            try (Admin admin = stack.kafka().admin()) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                        Topics.ALL.stream().map(Topics.TopicSpec::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
                for (Topics.TopicSpec spec : Topics.ALL) {
                    assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                }
                ConfigResource requested = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EXPORT_REQUESTED);
                String retention = admin.describeConfigs(List.of(requested)).all().get(30, TimeUnit.SECONDS)
                        .get(requested).get("retention.ms").value();
                assertThat(Long.parseLong(retention)).isGreaterThanOrEqualTo(Duration.ofDays(7).toMillis());
            }

            Map<String, Object> secure = new HashMap<>(endpoints.secureKafka().clientConfig());
            secure.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            secure.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            try (Admin admin = Admin.create(secure)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).as("TLS + SASL with the user").hasSize(1);
            }
            Map<String, Object> wrongPassword = new HashMap<>(secure);
            wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"" + endpoints.secureKafka().user() + "\" password=\"guessed\";");
            Map<String, Object> noCredentials = new HashMap<>(secure);
            noCredentials.put("security.protocol", "SSL");
            noCredentials.remove("sasl.mechanism");
            noCredentials.remove("sasl.jaas.config");
            for (Map<String, Object> refused : List.of(wrongPassword, noCredentials)) {
                try (Admin admin = Admin.create(refused)) {
                    assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                            .as("a client without the user's credentials").isInstanceOf(ExecutionException.class);
                }
            }

            try (Connection reader = DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.SHOP_DATABASE),
                    Endpoints.READER_USER, Endpoints.READER_PASSWORD); Statement sql = reader.createStatement()) {
                stack.shop().ensureOrders("acme", 50, true);
                try (var rows = sql.executeQuery("select count(*) from shop.orders where tenant_id = 'acme'")) {
                    rows.next();
                    assertThat(rows.getLong(1)).isEqualTo(50);
                }
                try (var statistics = sql.executeQuery("select count(*) from pg_stats"
                        + " where schemaname = 'shop' and tablename = 'orders' and attname = 'tenant_id'")) {
                    statistics.next();
                    assertThat(statistics.getLong(1)).as("planner statistics of shop.orders after generating").isEqualTo(1);
                }
                assertThatThrownBy(() -> sql.executeUpdate("delete from shop.orders"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
            for (String database : List.of(Endpoints.JOBS_DATABASE, Endpoints.WORKER_DATABASE, Endpoints.NOTIFIER_DATABASE)) {
                try (Connection owner = DriverManager.getConnection(endpoints.jdbcUrl(database), Endpoints.SERVICE_USER,
                        Endpoints.SERVICE_PASSWORD); Statement sql = owner.createStatement()) {
                    sql.execute("create table probe (id int)");
                }
            }

            MinioClient s3 = stack.s3().client();
            assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(endpoints.bucket()).build())).isTrue();

            sendMail(endpoints, "ada@example.com", "Hello from the test");
            List<Email> received = await().atMost(Duration.ofSeconds(20))
                    .until(() -> stack.mailbox().messagesFor("ada@example.com"), list -> !list.isEmpty());
            assertThat(received).singleElement().extracting(Email::subject).isEqualTo("Hello from the test");

            assertThat(Files.exists(settings().stateFile())).isTrue();
            stack.logFiles().values().forEach(log -> assertThat(log).exists());
            pids.addAll(stackPids(stack));
            assertThat(pids).hasSize(4);
        }
        assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d still alive", pid).isFalse());
        assertThat(Files.exists(settings().stateFile())).isFalse();
        assertThat(List.of(PORT_BASE, PORT_BASE + 2, PORT_BASE + 3, PORT_BASE + 4, PORT_BASE + 5))
                .allSatisfy(port -> assertThat(Ports.isOpen(port)).as("port %d", port).isFalse());
    }

    @Test
    void aStackOrphanedByAKilledOwnerIsCleanedUpAndStartedAfresh() throws Exception {
        Process owner = startOwnerInChildJvm();
        try {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> Files.exists(settings().stateFile()) && Ports.isOpen(PORT_BASE + 5));
            List<Long> orphans = StackState.read(settings().stateFile()).orElseThrow().pids().values().stream().toList();
            owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(orphans).anySatisfy(pid -> assertThat(alive(pid)).isTrue());

            try (DevStack stack = DevStack.start(settings())) {
                assertThat(stack.owner()).isTrue();
                assertThat(orphans).allSatisfy(pid -> assertThat(alive(pid)).as("orphan %d", pid).isFalse());
                assertThat(stackPids(stack)).doesNotContainAnyElementsOf(orphans);
            }
        } finally {
            owner.destroyForcibly();
        }
    }

    @Test
    void aForeignProgramOnAPortGetsAClearError() throws IOException {
        try (ServerSocket squatter = new ServerSocket(PORT_BASE + 3, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertThatThrownBy(() -> DevStack.start(settings()))
                    .isInstanceOf(DevStackException.class)
                    .hasMessageContaining((PORT_BASE + 3) + " (S3)")
                    .hasMessageContaining("EXPORTFLOW_DEVSTACK_PORT_BASE");
        }
        assertThat(Ports.isOpen(PORT_BASE)).isFalse();
    }

    @Test
    void aSecondUserReusesARunningStackAndCannotStopIt() {
        try (DevStack first = DevStack.start(settings())) {
            try (DevStack second = DevStack.start(settings())) {
                assertThat(second.owner()).isFalse();
                assertThat(second.endpoints()).isEqualTo(first.endpoints());
                assertThatThrownBy(second::s3).isInstanceOf(IllegalStateException.class);
            }
            assertThat(Ports.isOpen(PORT_BASE)).isTrue();
            assertThat(Ports.isOpen(PORT_BASE + 2)).isTrue();
        }
    }

    private Process startOwnerInChildJvm() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.exportflow.devstack.cli.ExportFlowCli", "devstack")
                .redirectErrorStream(true)
                .redirectOutput(home.resolveSibling(home.getFileName() + "-owner.log").toFile());
        builder.environment().put("EXPORTFLOW_DEVSTACK_HOME", home.toString());
        builder.environment().put("EXPORTFLOW_DEVSTACK_PORT_BASE", Integer.toString(PORT_BASE));
        return builder.start();
    }

    private static boolean alive(long pid) {
        return ManagedProcess.isRunning(pid);
    }

    private static List<Long> stackPids(DevStack stack) {
        return StackState.read(stack.settings().stateFile()).orElseThrow().pids().values().stream().toList();
    }

    private static void sendMail(Endpoints endpoints, String to, String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", endpoints.smtpHost());
        properties.put("mail.smtp.port", Integer.toString(endpoints.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("test@exportflow.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("body");
        Transport.send(message);
    }

    private static String setting(Statement sql, String name) throws SQLException {
        try (var rows = sql.executeQuery("show " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
