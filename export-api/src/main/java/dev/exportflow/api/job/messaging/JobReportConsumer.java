package dev.exportflow.api.job.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.JobReportService.Refusal;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;

import io.smallrye.common.annotation.Blocking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds worker and notifier reports to {@link ReportRetry}, a poll's records at a time ({@code batch=true}: one
 * transaction for all of them). The records are acknowledged (their offsets committed) once their reports are applied
 * or refused for good: unreadable, of another topic's type, keyed by another job, or invalid for their job
 * ({@link RefusedReports}). While the job store is down the records are held and tried again; only a stopping
 * application leaves them unacknowledged (failure-strategy {@code fail}, see application.properties).
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
    public void progress(ConsumerRecords<String, ExportEvent> records) {
        handle("export-progress", records);
    }

    @Incoming("export-completed")
    @Blocking
    public void completed(ConsumerRecords<String, ExportEvent> records) {
        handle("export-completed", records);
    }

    @Incoming("export-failed")
    @Blocking
    public void failed(ConsumerRecords<String, ExportEvent> records) {
        handle("export-failed", records);
    }

    @Incoming("export-cancelled")
    @Blocking
    public void cancelled(ConsumerRecords<String, ExportEvent> records) {
        handle("export-cancelled", records);
    }

    @Incoming("export-notified")
    @Blocking
    public void notified(ConsumerRecords<String, ExportEvent> records) {
        handle("export-notified", records);
    }

    private void handle(String channel, ConsumerRecords<String, ExportEvent> records) {
        List<ExportEvent> readable = new ArrayList<>(records.count());
        for (ConsumerRecord<String, ExportEvent> record : records) {
            readable(channel, record).ifPresent(readable::add);
        }
        if (!readable.isEmpty()) {
            for (Refusal refusal : reports.apply(channel, readable)) {
                refused.refuse(channel, refusal.report().jobId(), refusal.cause().reason(), refusal.cause().getMessage());
            }
        }
    }

    /** The record's report, unless it is refused before it gets near a job. */
    private Optional<ExportEvent> readable(String channel, ConsumerRecord<String, ExportEvent> record) {
        ExportEvent report = record.value();
        if (report == null) {
            refused.refuse(channel, record.key(), "unreadable", "no ExportFlow event at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset());
        } else if (!EventType.of(report).topic().equals(record.topic())) {
            refused.refuse(channel, report.jobId(), "wrong-topic", EventType.of(report).ceType() + " on " + record.topic());
        } else if (report.jobId() == null || !report.jobId().toString().equals(record.key())) {
            refused.refuse(channel, record.key(), "wrong-key", "key " + record.key() + " for job " + report.jobId());
        } else {
            return Optional.of(report);
        }
        return Optional.empty();
    }
}
