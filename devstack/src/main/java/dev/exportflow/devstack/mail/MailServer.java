package dev.exportflow.devstack.mail;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.ProcessServer;
import dev.exportflow.devstack.ServerJars;
import dev.exportflow.devstack.process.ManagedProcess;
import dev.exportflow.devstack.process.Ports;

/**
 * GreenMail standalone: an SMTP server that keeps every message, plus a REST API to read them
 * (see {@link Mailbox}). It accepts any recipient without authentication.
 */
public class MailServer extends ProcessServer {

    public MailServer(DevStackSettings settings) {
        super(settings, Duration.ofSeconds(10));
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
        Mailbox mailbox = new Mailbox(apiUrl());
        launch(List.of(ManagedProcess.javaExecutable(),
                "-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dgreenmail.smtp.hostname=" + Ports.LOOPBACK,
                "-Dgreenmail.smtp.port=" + settings.smtpPort(),
                "-Dgreenmail.api.hostname=" + Ports.LOOPBACK,
                "-Dgreenmail.api.port=" + settings.mailApiPort(),
                "-Dgreenmail.auth.disabled",
                "-Dexportflow.devstack.home=" + settings.home(),
                "-jar", ServerJars.greenmailJar().toString()),
                settings.home().resolve("mail"), Map.of(), "SMTP server on port " + settings.smtpPort(),
                () -> Ports.isOpen(settings.smtpPort()) && mailbox.isReady());
    }




}
