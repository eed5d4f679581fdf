package dev.exportflow.notifier.delivery;

import java.util.List;

import dev.exportflow.events.Topics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counters on {@code /q/metrics}: emails sent, failed (by cause), retried; events received, and those
 * that were duplicates or unreadable. The send latency is the timer {@code exportflow.notifier.emails.send}.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every series exists from the start, at zero, so that dashboards and rate() see the first increment. */
    void registerAtZero(@Observes StartupEvent startup) {
        for (String topic : List.of(Topics.EXPORT_COMPLETED, Topics.EXPORT_FAILED)) {
            registry.counter("exportflow.notifier.events.received", "topic", topic);
        }
        for (ExportOutcome about : ExportOutcome.values()) {
            registry.counter("exportflow.notifier.emails.sent", "about", about.wireName());
            registry.counter("exportflow.notifier.emails.failed", "about", about.wireName(), "cause", "refused");
            registry.counter("exportflow.notifier.emails.failed", "about", about.wireName(), "cause", "gave-up");
            registry.counter("exportflow.notifier.emails.retried", "about", about.wireName());
            registry.counter("exportflow.notifier.events.duplicate", "about", about.wireName());
        }
        registry.counter("exportflow.notifier.events.unreadable");
        for (String result : List.of("sent", "refused", "transient")) {
            registry.timer("exportflow.notifier.emails.send", "result", result);
        }
    }

    /** Every record the consumers read, readable or not: how far a replay has come. */
    public void received(String topic) {
        registry.counter("exportflow.notifier.events.received", "topic", topic).increment();
    }

    public void sent(ExportOutcome about) {
        registry.counter("exportflow.notifier.emails.sent", "about", about.wireName()).increment();
    }

    /** @param cause {@code refused} (permanent) or {@code gave-up} (transient until the last attempt) */
    public void failed(ExportOutcome about, String cause) {
        registry.counter("exportflow.notifier.emails.failed", "about", about.wireName(), "cause", cause).increment();
    }

    public void retried(ExportOutcome about) {
        registry.counter("exportflow.notifier.emails.retried", "about", about.wireName()).increment();
    }

    public void duplicate(ExportOutcome about) {
        registry.counter("exportflow.notifier.events.duplicate", "about", about.wireName()).increment();
    }

    public void unreadable() {
        registry.counter("exportflow.notifier.events.unreadable").increment();
    }
}
