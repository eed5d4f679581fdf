package dev.exportflow.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP connections a process holds open, read from Linux's {@code /proc}: the socket inodes among its file
 * descriptors, looked up in the kernel's connection tables. Tells which servers (ports) a service really talks to.
 */
final class TcpConnections {

    private static final String ESTABLISHED = "01";

    private TcpConnections() {
    }

    /** The remote ports of the process's established TCP connections. */
    static Set<Integer> remotePorts(long pid) {
        Set<String> sockets = socketInodes(pid);
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : lines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && ESTABLISHED.equals(fields[3]) && sockets.contains(fields[9])) {
                    String remote = fields[2];
                    ports.add(Integer.parseInt(remote.substring(remote.lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            descriptors.forEach(descriptor -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor closed while we listed them
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the file descriptors of process " + pid, e);
        }
        return inodes;
    }

    private static List<String> lines(Path table) {
        try {
            return Files.readAllLines(table).stream().skip(1).toList();
        } catch (NoSuchFileException noIpv6) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
