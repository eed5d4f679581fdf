package dev.exportflow.devstack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void echoServerBehindAProxy() throws IOException {
        echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread server = new Thread(this::echoEverything, "echo");
        server.setDaemon(true);
        server.start();
        proxy = TcpProxy.start("echo", 0, echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void bytesPassUntilStalledAreHeldWithoutClosingAndFlowAgainOnResume() throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(500);
            assertThat(roundTrip(client, 'a')).isEqualTo('a');

            proxy.stall();
            client.getOutputStream().write('b');
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(client.isClosed()).isFalse();

            proxy.resume();
            client.setSoTimeout(5000);
            assertThat(client.getInputStream().read()).isEqualTo('b');
            assertThat(roundTrip(client, 'c')).isEqualTo('c');
        }
    }

    @Test
    void cuttingEndsEveryOpenConnectionButNewOnesAreRelayed() throws IOException {
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            first.setSoTimeout(5000);
            assertThat(roundTrip(first, 'x')).isEqualTo('x');

            proxy.cutAll();

            assertThat(readOrEnd(first)).isEqualTo(-1);
        }
        try (Socket second = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            second.setSoTimeout(5000);
            assertThat(roundTrip(second, 'y')).isEqualTo('y');
        }
    }

    @Test
    void aClientOfAProxyWhoseTargetIsDownIsTurnedAwayAtOnceInsteadOfLeftHanging() throws IOException {
        int target;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            target = gone.getLocalPort();
        }
        try (TcpProxy orphan = TcpProxy.start("down", 0, target);
                Socket client = new Socket(InetAddress.getLoopbackAddress(), orphan.port())) {
            client.setSoTimeout(5000);

            assertThat(endOrHang(client)).isEqualTo("ended");
        }
    }

    @Test
    void aClosedProxyRefusesConnectionsAndCanListenOnItsPortAgain() throws IOException {
        int port = proxy.port();
        proxy.close();
        // a loaded machine may finish closing the listening socket a moment after close() returned
        await().atMost(Duration.ofSeconds(5)).until(() -> !somethingListensOn(port));

        proxy = TcpProxy.start("echo-again", port, echo.getLocalPort());

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(5000);
            assertThat(roundTrip(client, 'z')).isEqualTo('z');
        }
    }

    /**
     * Whether a connection to the port reaches a listener. The port is an ephemeral one, so the kernel may pick it as
     * the client's own port too and connect the socket to itself (TCP's simultaneous open): that is no listener.
     */
    private static boolean somethingListensOn(int port) {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return client.getLocalPort() != port;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int roundTrip(Socket client, char sent) throws IOException {
        client.getOutputStream().write(sent);
        return client.getInputStream().read();
    }

    private static int readOrEnd(Socket client) {
        try {
            return client.getInputStream().read();
        } catch (IOException reset) {
            return -1;
        }
    }

    /** Whether the connection ended (closed or reset) or was left open until the read timed out. */
    private static String endOrHang(Socket client) {
        try {
            return client.getInputStream().read() == -1 ? "ended" : "answered";
        } catch (SocketTimeoutException hanging) {
            return "left hanging";
        } catch (IOException reset) {
            return "ended";
        }
    }

    private void echoEverything() {
        while (!echo.isClosed()) {
            try {
                Socket connection = echo.accept();
                Thread relay = new Thread(() -> {
                    try (InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the client went away
                    }
                }, "echo-connection");
                relay.setDaemon(true);
                relay.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
