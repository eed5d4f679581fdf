package dev.exportflow.devstack.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.Server;
import dev.exportflow.devstack.ServerJars;
import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;

/**
 * GreenMail standalone: an SMTP server that keeps every message, plus a REST API to read them
 * (see {@link Mailbox}). It accepts any recipient without authentication.
 */
public final class MailServer implements Server {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final DevStackSettings settings;
    private ManagedProcess process;

    public MailServer(DevStackSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "smtp";
    }

    public String apiUrl() {
        return "http://" + Ports.LOOPBACK + ":" + settings.mailApiPort();
    }

    @Override
    public void start() {
        process = ManagedProcess.start(name(), List.of(ManagedProcess.javaExecutable(),
                "-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dgreenmail.smtp.hostname=" + Ports.LOOPBACK,
                "-Dgreenmail.smtp.port=" + settings.smtpPort(),
                "-Dgreenmail.api.hostname=" + Ports.LOOPBACK,
                "-Dgreenmail.api.port=" + settings.mailApiPort(),
                "-Dgreenmail.auth.disabled",
                "-Dexportflow.devstack.home=" + settings.home(),
                "-jar", ServerJars.greenmailJar().toString()),
                settings.home().resolve("mail"), logFile(), Map.of());
        Mailbox mailbox = new Mailbox(apiUrl());
        Ports.await("SMTP server on port " + settings.smtpPort(), READY_TIMEOUT, process::isAlive,
                () -> Ports.isOpen(settings.smtpPort()) && mailbox.isReady(), this::failure);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
            process = null;
        }
    }

    @Override
    public OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    @Override
    public Path logFile() {
        return settings.logs().resolve("smtp.log");
    }

    private DevStackException failure(String what) {
        return new DevStackException(what + ". Last lines of " + logFile() + ":\n" + ManagedProcess.tail(logFile(), 30));
    }
}
