package dev.exportflow.notifier.mail;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The two emails, each as {@code templates/ExportEmails/<name>.html} and {@code .txt}. */
@CheckedTemplate(basePath = "ExportEmails")
final class ExportEmails {

    private ExportEmails() {
    }

    static native TemplateInstance completed(CompletedEmail email);

    static native TemplateInstance failed(FailedEmail email);
}
