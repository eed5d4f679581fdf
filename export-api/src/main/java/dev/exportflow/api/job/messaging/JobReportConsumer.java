package dev.exportflow.api.job.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.JobReportService;
import dev.exportflow.events.ExportEvent;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds worker and notifier reports to {@link JobReportService}. Offsets are committed only after the report's
 * transaction committed. A record that cannot be read is logged and skipped (its value arrives as null); a report
 * that still fails after its retries fails the record, and the channel's failure-strategy decides
 * (see application.properties).
 */
@ApplicationScoped
public class JobReportConsumer {

    private final JobReportService reports;

    public JobReportConsumer(JobReportService reports) {
        this.reports = reports;
    }

    @Incoming("export-progress")
    @Blocking
    public void progress(ConsumerRecord<String, ExportEvent> record) {
        handle(record);
    }

    @Incoming("export-completed")
    @Blocking
    public void completed(ConsumerRecord<String, ExportEvent> record) {
        handle(record);
    }

    @Incoming("export-failed")
    @Blocking
    public void failed(ConsumerRecord<String, ExportEvent> record) {
        handle(record);
    }

    @Incoming("export-cancelled")
    @Blocking
    public void cancelled(ConsumerRecord<String, ExportEvent> record) {
        handle(record);
    }

    @Incoming("export-notified")
    @Blocking
    public void notified(ConsumerRecord<String, ExportEvent> record) {
        handle(record);
    }

    private void handle(ConsumerRecord<String, ExportEvent> record) {
        ExportEvent report = record.value();
        if (report == null) {
            Log.warnf("job %s: unreadable record on %s-%d@%d skipped", record.key(), record.topic(), record.partition(),
                    record.offset());
            return;
        }
        try {
            reports.apply(report);
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s: cannot apply %s from %s after %d attempts", report.jobId(),
                    report.getClass().getSimpleName(), record.topic(), JobReportService.ATTEMPTS);
            throw e;
        }
    }
}
