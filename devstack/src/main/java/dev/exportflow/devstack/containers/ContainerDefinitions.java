package dev.exportflow.devstack.containers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.storage.S3Server;

import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The container of each server, bound to the same host ports as the process it replaces and keeping its data under
 * the stack's home (a stopped and started container keeps its topics, rows and objects, as a restarted process does).
 * Images are pinned: the same versions as the processes where one exists.
 */
public final class ContainerDefinitions {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String POSTGRES_IMAGE = "postgres:15.13";
    public static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";
    /** GreenMail rather than Mailpit: the tests read mail through GreenMail's REST API, as with the process. */
    public static final String MAIL_IMAGE = "greenmail/standalone:2.1.13";

    private static final Duration STARTUP = Duration.ofMinutes(2);

    private ContainerDefinitions() {
    }

    public static GenericContainer<?> kafka(DevStackSettings settings) {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        kafka.setPortBindings(List.of(settings.kafkaPort() + ":9092"));
        return kafka.withFileSystemBind(data(settings, "kafka-container"), "/var/lib/kafka/data", BindMode.READ_WRITE)
                .withStartupTimeout(STARTUP);
    }

    public static GenericContainer<?> postgres(DevStackSettings settings) {
        GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand("postgres", "-c", "max_connections=200", "-c", "timezone=UTC",
                        "-c", "fsync=" + (settings.durable() ? "on" : "off"),
                        "-c", "synchronous_commit=" + (settings.durable() ? "on" : "off"))
                .withFileSystemBind(data(settings, "postgres-container"), "/var/lib/postgresql/data", BindMode.READ_WRITE)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2))
                .withStartupTimeout(STARTUP);
        postgres.setPortBindings(List.of(settings.postgresPort() + ":5432"));
        return postgres;
    }

    public static GenericContainer<?> s3(DevStackSettings settings) {
        MinIOContainer minio = new MinIOContainer(DockerImageName.parse(MINIO_IMAGE))
                .withUserName(S3Server.ACCESS_KEY)
                .withPassword(S3Server.SECRET_KEY);
        minio.setPortBindings(List.of(settings.s3Port() + ":9000"));
        return minio.withFileSystemBind(data(settings, "s3-container"), "/data", BindMode.READ_WRITE)
                .withStartupTimeout(STARTUP);
    }

    public static GenericContainer<?> mail(DevStackSettings settings) {
        GenericContainer<?> mail = new GenericContainer<>(DockerImageName.parse(MAIL_IMAGE))
                .withEnv("GREENMAIL_OPTS", "-Dgreenmail.setup.test.smtp -Dgreenmail.hostname=0.0.0.0"
                        + " -Dgreenmail.auth.disabled -Dgreenmail.api.hostname=0.0.0.0 -Dgreenmail.api.port=8080")
                .waitingFor(Wait.forHttp("/api/service/readiness").forPort(8080))
                .withStartupTimeout(STARTUP);
        mail.setPortBindings(List.of(settings.smtpPort() + ":3025", settings.mailApiPort() + ":8080"));
        return mail;
    }

    private static String data(DevStackSettings settings, String folder) {
        Path dir = settings.home().resolve(folder);
        dir.toFile().mkdirs();
        return dir.toAbsolutePath().toString();
    }
}
