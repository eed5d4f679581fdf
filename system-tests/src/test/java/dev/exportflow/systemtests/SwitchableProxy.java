package dev.exportflow.systemtests;

import dev.exportflow.devstack.faults.TcpProxy;

/**
 * A {@link TcpProxy} on a fixed port that can also be taken down (the port refuses connections and every open one
 * is cut, as when a server or its network goes away) and brought up again on the same port.
 */
final class SwitchableProxy implements AutoCloseable {

    private final String name;
    private final int port;
    private final int targetPort;
    private TcpProxy proxy;

    private SwitchableProxy(String name, int port, int targetPort) {
        this.name = name;
        this.port = port;
        this.targetPort = targetPort;
        this.proxy = TcpProxy.start(name, port, targetPort);
    }

    static SwitchableProxy start(String name, int port, int targetPort) {
        return new SwitchableProxy(name, port, targetPort);
    }

    int port() {
        return port;
    }

    /** Holds every byte in both directions; connections stay open. */
    synchronized void stall() {
        proxy.stall();
    }

    synchronized void resume() {
        proxy.resume();
    }

    /** Refuses new connections and cuts the open ones. */
    synchronized void down() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    synchronized void up() {
        if (proxy == null) {
            proxy = TcpProxy.start(name, port, targetPort);
        }
    }

    @Override
    public void close() {
        down();
    }
}
