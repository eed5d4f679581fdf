package dev.exportflow.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import jakarta.inject.Singleton;

/**
 * The name this replica puts on the claims its runs hold, for people and tools (the process tests find the owner's pid
 * in it); the runs' tokens, not this name, fence what a run writes.
 */
@Singleton
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity(WorkerConfig config) {
        this.id = config.instanceId().orElseGet(WorkerIdentity::generated);
    }

    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
