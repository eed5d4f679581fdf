package dev.exportflow.devstack.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.process.Ports;

import org.jboss.logging.Logger;

/**
 * A TCP relay between clients and one server, for fault tests: while {@linkplain #stall() stalled} it holds every
 * byte in both directions without closing anything (what a hung network or a frozen server looks like to a
 * client: connections stay open, nothing arrives, only the client's own timeouts end the wait);
 * {@link #cutAll()} resets every open connection at once.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpProxy.class);
    private static final int BUFFER = 16 * 1024;

    private final String name;
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean stalled;
    private volatile boolean closed;

    private TcpProxy(String name, ServerSocket listener, InetSocketAddress target) {
        this.name = name;
        this.listener = listener;
        this.target = target;
    }

    /** Listens on 127.0.0.1:{@code port} and relays every connection to {@code targetPort} on 127.0.0.1. */
    public static TcpProxy start(String name, int port, int targetPort) {
        try {
            ServerSocket listener = new ServerSocket(port, 200, InetAddress.getByName(Ports.LOOPBACK));
            TcpProxy proxy = new TcpProxy(name, listener, new InetSocketAddress(Ports.LOOPBACK, targetPort));
            daemon(name + "-accept", proxy::accept).start();
            return proxy;
        } catch (IOException e) {
            throw new DevStackException("Cannot listen on port " + port + " for the " + name + " proxy: " + e.getMessage(), e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on no byte passes in either direction; connections stay open and new ones are accepted. */
    public void stall() {
        synchronized (gate) {
            stalled = true;
        }
        LOG.infof("%s proxy: traffic stalled (%d connections held open)", name, sockets.size() / 2);
    }

    /** Lets the held bytes and everything after them through again. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
        LOG.infof("%s proxy: traffic flows again", name);
    }

    /** Closes every open connection, as a failed-over server or a broken link would. */
    public void cutAll() {
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
        LOG.infof("%s proxy: every connection cut", name);
    }

    @Override
    public void close() {
        closed = true;
        resume();
        closeQuietly(listener);
        cutAll();
    }

    private void accept() {
        while (!closed) {
            try {
                relay(listener.accept());
            } catch (IOException e) {
                if (!closed) {
                    LOG.debugf("%s proxy: a connection could not be accepted: %s", name, e.getMessage());
                }
            }
        }
    }

    /** Connects a client to the target; when the target refuses, so does the proxy (it closes the client at once). */
    private void relay(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 5000);
        } catch (IOException e) {
            LOG.debugf("%s proxy: the target refused a connection: %s", name, e.getMessage());
            closeQuietly(server);
            closeQuietly(client);
            return;
        }
        sockets.add(client);
        sockets.add(server);
        daemon(name + "-up", () -> pump(client, server)).start();
        daemon(name + "-down", () -> pump(server, client)).start();
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                awaitFlow();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: so does the other
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitFlow() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed or broken: nothing left to do
        }
    }
}
