package dev.exportflow.devstack.containers;

import java.util.List;
import java.util.OptionalLong;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.mail.MailServer;

/** GreenMail as a container: SMTP and the same REST API to read what was sent. */
public final class ContainerMailServer extends MailServer {

    private final ServerContainer container;

    public ContainerMailServer(DevStackSettings settings) {
        super(settings);
        this.container = new ServerContainer(ContainerDefinitions.mail(settings),
                List.of(settings.smtpPort(), settings.mailApiPort()), logFile());
    }

    @Override
    public void start() {
        container.start("GreenMail container on port " + settings.smtpPort());
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void kill() {
        container.kill();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }
}
