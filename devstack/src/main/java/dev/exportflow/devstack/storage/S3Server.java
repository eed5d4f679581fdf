package dev.exportflow.devstack.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ProcessServer;
import dev.exportflow.devstack.ServerJars;
import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

/**
 * An S3-compatible object store: a MinIO server when a {@code minio} binary is on the PATH, otherwise
 * S3Proxy with a filesystem backend (from Maven Central). Both speak S3 with AWS signatures, so the
 * services cannot tell them apart.
 */
public class S3Server extends ProcessServer {

    public static final String ACCESS_KEY = "exportflow";
    public static final String SECRET_KEY = "exportflow-secret";
    public static final String BUCKET = "exports";

    private final Path dir;

    public S3Server(DevStackSettings settings) {
        super(settings, Duration.ofSeconds(10));
        this.dir = settings.home().resolve("s3");
    }

    @Override
    public String name() {
        return "s3";
    }

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + settings.s3Port();
    }

    /** Which implementation runs: {@code minio} or {@code s3proxy}. */
    public String flavour() {
        return minioBinary() == null ? "s3proxy" : "minio";
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String minio = minioBinary();
        if (minio == null) {
            launch(s3ProxyCommand(), dir, Map.of(), "S3Proxy on " + url(), this::answers);
        } else {
            launch(List.of(minio, "server", dir.resolve("data").toString(), "--address", Ports.LOOPBACK + ":" + settings.s3Port(),
                    "--console-address", Ports.LOOPBACK + ":" + (settings.s3Port() + 10)),
                    dir, Map.of("MINIO_ROOT_USER", ACCESS_KEY, "MINIO_ROOT_PASSWORD", SECRET_KEY), "MinIO on " + url(),
                    this::answers);
        }
        createBucket();
    }

    private List<String> s3ProxyCommand() {
        String properties = String.join("\n",
                "s3proxy.endpoint=" + url(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("data"),
                "");
        try {
            Files.writeString(dir.resolve("s3proxy.conf"), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(ManagedProcess.javaExecutable(), "-Xms64m", "-Xmx384m",
                "-jar", ServerJars.s3proxyJar().toString(), "--properties", dir.resolve("s3proxy.conf").toString());
    }

    public MinioClient client() {
        return MinioClient.builder().endpoint(url()).credentials(ACCESS_KEY, SECRET_KEY).build();
    }

    private boolean answers() {
        if (!Ports.isOpen(settings.s3Port())) {
            return false;
        }
        return Ports.httpStatus(URI.create(url() + "/")) > 0;
    }

    protected void createBucket() {
        try {
            MinioClient client = client();
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
            }
        } catch (Exception e) {
            throw new DevStackException("Cannot create the bucket '" + BUCKET + "': " + e.getMessage(), e);
        }
    }

    private static String minioBinary() {
        String path = System.getenv("PATH");
        if (path == null || "s3proxy".equals(System.getenv("EXPORTFLOW_DEVSTACK_S3"))) {
            return null;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, "minio");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

}
