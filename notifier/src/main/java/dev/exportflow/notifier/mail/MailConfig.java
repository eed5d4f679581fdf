package dev.exportflow.notifier.mail;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who the emails come from and how long one SMTP conversation may take. */
@ConfigMapping(prefix = "exportflow.notifier.mail")
public interface MailConfig {

    /** e.g. {@code ExportFlow <exports@example.com>} */
    String from();

    /** Where answers go, when not to the from address. */
    Optional<String> replyTo();

    /** Upper bound for one send; a send that takes longer counts as a transient failure. */
    @WithDefault("PT30S")
    Duration sendTimeout();
}
