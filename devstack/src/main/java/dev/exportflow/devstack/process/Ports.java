package dev.exportflow.devstack.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Small socket checks for starting servers on 127.0.0.1. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Ports() {
    }

    /** Whether something accepts connections on the port. */
    public static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The status of a GET of {@code address} (2 s at most), or 0 when nothing answers: a server's readiness probe. */
    public static int httpStatus(URI address) {
        try {
            return HTTP.send(HttpRequest.newBuilder(address).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Whether this process could listen on the port right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls {@code ready} until it is true.
     *
     * @param failure thrown, with {@code what}, when the deadline passes or {@code alive} turns false
     */
    public static void await(String what, Duration timeout, BooleanSupplier alive, BooleanSupplier ready,
            java.util.function.Function<String, RuntimeException> failure) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!alive.getAsBoolean()) {
                throw failure.apply(what + " exited while starting");
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure.apply(what + " did not become ready within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure.apply("interrupted while waiting for " + what);
            }
        }
    }
}
