package dev.exportflow.devstack;

/**
 * How to reach a running devstack. Written to {@code stack.json} so that another process (the CLI,
 * a second test JVM) can use a stack it did not start.
 */
public record Endpoints(
        String kafkaBootstrapServers,
        int postgresPort,
        String s3Url,
        String s3AccessKey,
        String s3SecretKey,
        String bucket,
        int smtpPort,
        String mailApiUrl,
        String jwtIssuer,
        String jwtPublicKeyFile,
        String jwtPrivateKeyFile,
        String linkSigningKey,
        SecureKafka secureKafka) {

    /** PostgreSQL database of export-api's job store. */
    public static final String JOBS_DATABASE = "exportflow";
    /** PostgreSQL database of the notifier's delivery log. */
    public static final String NOTIFIER_DATABASE = "notifier";
    /** PostgreSQL database of export-worker's own state (job claims, cancellations). */
    public static final String WORKER_DATABASE = "worker";
    /** PostgreSQL database with the demo {@code shop} schema: the source of exports. */
    public static final String SHOP_DATABASE = "shop";

    /** Owner of the service databases. */
    public static final String SERVICE_USER = "exportflow";
    public static final String SERVICE_PASSWORD = "exportflow";
    /** The worker reads the source database with a role that can only SELECT. */
    public static final String READER_USER = "exportflow_reader";
    public static final String READER_PASSWORD = "exportflow_reader";

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    public String smtpHost() {
        return "127.0.0.1";
    }

    /**
     * The broker's TLS + SASL/PLAIN listener, as production clients reach a secured cluster.
     *
     * @param truststoreFile PKCS12 file with the listener's certificate
     */
    public record SecureKafka(String bootstrapServers, String truststoreFile, String truststorePassword, String user,
            String password) {

        /** The Kafka client settings (without the {@code kafka.} prefix) that log in over this listener. */
        public java.util.Map<String, String> clientConfig() {
            return java.util.Map.of(
                    "bootstrap.servers", bootstrapServers,
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + user + "\" password=\"" + password + "\";",
                    "ssl.truststore.location", truststoreFile,
                    "ssl.truststore.password", truststorePassword,
                    "ssl.truststore.type", "PKCS12");
        }
    }
}
