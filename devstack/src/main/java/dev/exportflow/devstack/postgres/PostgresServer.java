package dev.exportflow.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.Server;
import dev.exportflow.devstack.process.Ports;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from the embedded binaries on Maven Central (io.zonky.test): its own server process,
 * data under the stack's home. Creates the service databases and roles; the worker's role may only
 * read the source database.
 */
public class PostgresServer implements Server {

    private static final String SUPERUSER = "postgres";
    private static final String READER_WORK_MEM = "64MB";

    private final DevStackSettings settings;
    private final Path dataDir;
    private EmbeddedPostgres postgres;

    public PostgresServer(DevStackSettings settings) {
        this.settings = settings;
        this.dataDir = settings.home().resolve("postgres");
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(settings.logs());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (settings.durable()) {
                // the library starts PostgreSQL with -F (no fsync) and asynchronous commits; later -c options win
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            postgres = builder
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(settings.postgresPort())
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("timezone", "UTC")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new DevStackException("PostgreSQL did not start on port " + settings.postgresPort() + ": " + e.getMessage()
                    + ". See " + logFile(), e);
        }
        provision();
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stop PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }

    @Override
    public OptionalLong pid() {
        return postmasterPid(dataDir);
    }

    @Override
    public Path logFile() {
        return settings.logs().resolve("postgres.log");
    }

    /** The pid in {@code postmaster.pid}, also for a server left behind by a killed run. */
    public static OptionalLong postmasterPid(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + Ports.LOOPBACK + ":" + settings.postgresPort() + "/" + database,
                SUPERUSER, "");
    }

    protected void provision() {
        try (Connection connection = superuserConnection("postgres"); Statement sql = connection.createStatement()) {
            createRole(sql, Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
            createRole(sql, Endpoints.READER_USER, Endpoints.READER_PASSWORD);
            // Export queries join and read whole tables: with the default 4 MB the planner cannot keep a join's
            // lookup cache in memory and sorts the whole result on disk before the first row (docs/worker.md).
            sql.execute("alter role " + Endpoints.READER_USER + " set work_mem = '" + READER_WORK_MEM + "'");
            List<String> databases = List.of(Endpoints.JOBS_DATABASE, Endpoints.WORKER_DATABASE, Endpoints.NOTIFIER_DATABASE,
                    Endpoints.SHOP_DATABASE);
            for (String database : databases) {
                if (!exists(sql, "select 1 from pg_database where datname = '" + database + "'")) {
                    sql.execute("create database " + database + " owner " + Endpoints.SERVICE_USER);
                }
            }
        } catch (SQLException e) {
            throw new DevStackException("Cannot create the databases and roles: " + e.getMessage(), e);
        }
    }

    private static void createRole(Statement sql, String role, String password) throws SQLException {
        if (!exists(sql, "select 1 from pg_roles where rolname = '" + role + "'")) {
            sql.execute("create role " + role + " login password '" + password + "'");
        }
    }

    private static boolean exists(Statement sql, String query) throws SQLException {
        try (var rows = sql.executeQuery(query)) {
            return rows.next();
        }
    }
}
