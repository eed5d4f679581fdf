package dev.exportflow.notifier.mail;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every sentence of the emails, in English; {@code messages/msg_de.properties} holds the German ones.
 * The templates use them as {@code {msg:…}} in the requester's locale.
 */
@MessageBundle
public interface EmailMessages {

    @Message("Your export \"{dataset}\" is ready")
    String completedSubject(String dataset);

    @Message("Your export \"{dataset}\" could not be created")
    String failedSubject(String dataset);

    @Message("Hello,")
    String greeting();

    @Message("Your export \"{dataset}\" is ready.")
    String completedIntro(String dataset);

    @Message("{#if rowCount == 1}1 row{#else}{rows} rows{/if}, {size}")
    String completedSummary(String rows, long rowCount, String size);

    @Message("CSV")
    String csvFile();

    @Message("Excel workbook")
    String xlsxFile();

    @Message("JSON Lines")
    String jsonlFile();

    @Message("{format}, gzip-compressed")
    String gzipped(String format);

    @Message("Download {fileName}")
    String downloadAction(String fileName);

    @Message("Download your file here:")
    String downloadHere();

    @Message("The link works until {expiresAt}. After that, start the export again from your export history.")
    String linkExpiry(String expiresAt);

    @Message("We could not create your export \"{dataset}\".")
    String failedIntro(String dataset);

    @Message("What went wrong:")
    String whatWentWrong();

    @Message("The export stopped because of an unexpected problem.")
    String unexplainedFailure();

    @Message("What you can do:")
    String whatToDo();

    @Message("This looks like a temporary problem. Start the export again from your export history."
            + " If it fails again, contact your administrator.")
    String retryAdvice();

    @Message("Starting the export again with the same settings will fail the same way. Check its settings,"
            + " or contact your administrator and quote the reference below.")
    String fixAdvice();

    @Message("Reference: {reference}")
    String reference(String reference);

    @Message("Your export history:")
    String historyHere();

    @Message("Open your export history")
    String historyAction();

    @Message("You receive this email because you requested an export in ExportFlow.")
    String footer();
}
