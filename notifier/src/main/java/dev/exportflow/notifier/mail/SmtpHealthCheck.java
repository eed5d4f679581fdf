package dev.exportflow.notifier.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the SMTP server greets us, in the health group {@code dependencies} ({@code /q/health/group/dependencies}),
 * for dashboards and people: never in readiness or liveness, since emails wait safely in the delivery log while it is
 * down and restarting or unrouting the notifier would not bring it back. It tells operators why emails do not go out.
 */
@HealthGroup("dependencies")
@ApplicationScoped
public class SmtpHealthCheck implements HealthCheck {

    private static final int TIMEOUT_MILLIS = 2000;

    private final String host;
    private final int port;
    private final boolean mocked;

    public SmtpHealthCheck(@ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "quarkus.mailer.port") Optional<Integer> port,
            @ConfigProperty(name = "quarkus.mailer.ssl", defaultValue = "false") boolean ssl,
            @ConfigProperty(name = "quarkus.mailer.mock") Optional<Boolean> mock) {
        this.host = host;
        this.port = port.orElse(ssl ? 465 : 25);
        this.mocked = mock.orElse(LaunchMode.current().isDevOrTest());
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("SMTP server").withData("server", host + ":" + port);
        if (mocked) {
            return response.up().withData("mock", true).build();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = reader.readLine();
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (greeting != null && greeting.startsWith("220")) {
                return response.up().build();
            }
            return response.down().withData("greeting", String.valueOf(greeting)).build();
        } catch (IOException e) {
            return response.down().withData("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    .build();
        }
    }
}
