package dev.exportflow.api.job.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.RefusedEventException;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;

import io.smallrye.common.annotation.Blocking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds worker and notifier reports to {@link ReportRetry}. A record is acknowledged (its offset committed) once its
 * report is applied, or refused for good: unreadable, of another topic's type, keyed by another job, or invalid for its
 * job ({@link RefusedReports}). While the job store is down the record is held and tried again; only a stopping
 * application leaves it unacknowledged (failure-strategy {@code fail}, see application.properties).
 */
@ApplicationScoped
public class JobReportConsumer {

    private final ReportRetry reports;
    private final RefusedReports refused;

    public JobReportConsumer(ReportRetry reports, RefusedReports refused) {
        this.reports = reports;
        this.refused = refused;
    }

    @Incoming("export-progress")
    @Blocking
    public void progress(ConsumerRecord<String, ExportEvent> record) {
        handle("export-progress", record);
    }

    @Incoming("export-completed")
    @Blocking
    public void completed(ConsumerRecord<String, ExportEvent> record) {
        handle("export-completed", record);
    }

    @Incoming("export-failed")
    @Blocking
    public void failed(ConsumerRecord<String, ExportEvent> record) {
        handle("export-failed", record);
    }

    @Incoming("export-cancelled")
    @Blocking
    public void cancelled(ConsumerRecord<String, ExportEvent> record) {
        handle("export-cancelled", record);
    }

    @Incoming("export-notified")
    @Blocking
    public void notified(ConsumerRecord<String, ExportEvent> record) {
        handle("export-notified", record);
    }

    private void handle(String channel, ConsumerRecord<String, ExportEvent> record) {
        ExportEvent report = record.value();
        if (report == null) {
            refused.refuse(channel, record.key(), "unreadable", "no ExportFlow event at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset());
        } else if (!EventType.of(report).topic().equals(record.topic())) {
            refused.refuse(channel, report.jobId(), "wrong-topic", EventType.of(report).ceType() + " on " + record.topic());
        } else if (report.jobId() == null || !report.jobId().toString().equals(record.key())) {
            refused.refuse(channel, record.key(), "wrong-key", "key " + record.key() + " for job " + report.jobId());
        } else {
            try {
                reports.apply(channel, report);
            } catch (RefusedEventException e) {
                refused.refuse(channel, report.jobId(), e.reason(), e.getMessage());
            }
        }
    }
}
