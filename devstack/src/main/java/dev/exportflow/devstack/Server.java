package dev.exportflow.devstack;

import java.nio.file.Path;
import java.util.OptionalLong;

/** One server of the stack. {@link #start()} returns once the server answers. */
public interface Server {

    String name();

    /** Starts the server and waits until it answers; throws {@link DevStackException} with its log tail. */
    void start();

    /** Stops the server gracefully; a no-op when it is not running. */
    void stop();

    /** The operating-system process id while running. */
    OptionalLong pid();

    Path logFile();
}
