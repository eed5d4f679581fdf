package dev.exportflow.devstack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.ProcessServer;
import dev.exportflow.devstack.ServerJars;
import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;
import dev.exportflow.events.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The Apache Kafka broker in KRaft combined mode (broker and controller in one JVM), run from the
 * Maven Central jars in its own process.
 */
public class KafkaServer extends ProcessServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final SecureListener secure;

    public KafkaServer(DevStackSettings settings) {
        super(settings, Duration.ofSeconds(20));
        this.dir = settings.home().resolve("kafka");
        this.secure = new SecureListener(dir);
    }

    @Override
    public String name() {
        return "kafka";
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + settings.kafkaPort();
    }

    /** How clients reach the TLS + SASL listener; its certificate and credentials are made on first use. */
    public Endpoints.SecureKafka secureClient() {
        secure.ensureExist();
        return new Endpoints.SecureKafka(Ports.LOOPBACK + ":" + settings.kafkaSecurePort(), secure.truststore().toString(),
                secure.storePassword(), SecureListener.USER, secure.userPassword());
    }

    @Override
    public void start() {
        secure.ensureExist();
        Path config = writeConfig();
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(config);
        }
        launch(List.of(ManagedProcess.javaExecutable(),
                "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", ServerJars.kafkaClasspath(),
                "kafka.Kafka", config.toString()), dir, Map.of(), "Kafka on " + bootstrapServers(), this::answers);
        createTopics();
    }




    private Path writeConfig() {
        String controller = Ports.LOOPBACK + ":" + settings.kafkaControllerPort();
        String secureAddress = Ports.LOOPBACK + ":" + settings.kafkaSecurePort();
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + controller,
                "listeners=PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller + ",SASL_SSL://" + secureAddress,
                "advertised.listeners=PLAINTEXT://" + bootstrapServers() + ",SASL_SSL://" + secureAddress,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL",
                // what production runs (TLS, a password per client), for tests of the services' Kafka security settings
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required user_" + SecureListener.USER + "=\"" + secure.userPassword() + "\";",
                "listener.name.sasl_ssl.ssl.keystore.location=" + secure.keystore(),
                "listener.name.sasl_ssl.ssl.keystore.password=" + secure.storePassword(),
                "listener.name.sasl_ssl.ssl.keystore.type=PKCS12",
                "listener.name.sasl_ssl.ssl.key.password=" + secure.storePassword(),
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + Topics.DEFAULT_PARTITIONS,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=12",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.messages=1000000",
                "");
        String log4j = String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.stdout.ref=STDOUT",
                "appender.stdout.type=Console",
                "appender.stdout.name=STDOUT",
                "appender.stdout.layout.type=PatternLayout",
                "appender.stdout.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n",
                "logger.kafka.name=kafka",
                "logger.kafka.level=WARN",
                "logger.apache.name=org.apache.kafka",
                "logger.apache.level=WARN",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                "");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("log4j2.properties"), log4j);
            return Files.writeString(dir.resolve("server.properties"), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format(Path config) {
        ManagedProcess formatter = ManagedProcess.start("kafka-storage-format", List.of(ManagedProcess.javaExecutable(),
                "-Xmx256m", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", ServerJars.kafkaClasspath(),
                "kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()),
                dir, logFile(), Map.of());
        Ports.await("Kafka storage format", READY_TIMEOUT, () -> true, () -> !formatter.isAlive(), this::failure);
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            throw failure("formatting Kafka storage failed");
        }
    }

    private boolean answers() {
        if (!Ports.isOpen(settings.kafkaPort())) {
            return false;
        }
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates every topic of {@link Topics#ALL} that does not exist yet. */
    protected void createTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().toMillis()))))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while creating topics");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DevStackException("Cannot create the Kafka topics: " + e.getMessage(), e);
        }
    }

    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

}
