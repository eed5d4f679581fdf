package dev.exportflow.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters on {@code /q/metrics}: emails sent, failed (by cause), retried; events that were duplicates
 * or unreadable. The send latency is the timer {@code exportflow.notifier.emails.send}.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
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
