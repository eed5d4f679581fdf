package dev.exportflow.notifier.delivery;

import java.util.List;

import dev.exportflow.events.Topics;
import dev.exportflow.notifier.delivery.messaging.Refusal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counters on {@code /q/metrics}: emails sent, failed (by cause), retried; events received, and those
 * that were duplicates, unreadable or refused; consumer retries through an outage. The send latency is the timer
 * {@code exportflow.notifier.emails.send}.
 */
@ApplicationScoped
public class DeliveryMetrics {

    /** The topics the notifier consumes; each is read by the channel of the same name. */
    public static final List<String> CONSUMED = List.of(Topics.EXPORT_COMPLETED, Topics.EXPORT_FAILED,
            Topics.EXPORT_RESEND_REQUESTED);

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every series exists from the start, at zero, so that dashboards and rate() see the first increment. */
    void registerAtZero(@Observes StartupEvent startup) {
        for (String topic : CONSUMED) {
            registry.counter("exportflow.notifier.events.received", "topic", topic);
            consumerRetries(topic);
            for (Refusal.Reason reason : Refusal.Reason.values()) {
                registry.counter("exportflow.events.refused", "channel", topic, "reason", reason.tag());
            }
        }
        for (EmailKind kind : EmailKind.values()) {
            registry.counter("exportflow.notifier.emails.sent", "kind", kind.label());
            registry.counter("exportflow.notifier.emails.failed", "kind", kind.label(), "cause", "refused");
            registry.counter("exportflow.notifier.emails.failed", "kind", kind.label(), "cause", "gave-up");
            registry.counter("exportflow.notifier.emails.retried", "kind", kind.label());
            registry.counter("exportflow.notifier.events.duplicate", "kind", kind.label());
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

    public void sent(EmailKind kind) {
        registry.counter("exportflow.notifier.emails.sent", "kind", kind.label()).increment();
    }

    /** @param cause {@code refused} (permanent) or {@code gave-up} (transient until the last attempt) */
    public void failed(EmailKind kind, String cause) {
        registry.counter("exportflow.notifier.emails.failed", "kind", kind.label(), "cause", cause).increment();
    }

    public void retried(EmailKind kind) {
        registry.counter("exportflow.notifier.emails.retried", "kind", kind.label()).increment();
    }

    public void duplicate(EmailKind kind) {
        registry.counter("exportflow.notifier.events.duplicate", "kind", kind.label()).increment();
    }

    public void unreadable() {
        registry.counter("exportflow.notifier.events.unreadable").increment();
    }

    /** A record of {@code channel} refused: logged, parked in the DLQ, never acted upon. */
    public void refused(String channel, Refusal.Reason reason) {
        registry.counter("exportflow.events.refused", "channel", channel, "reason", reason.tag()).increment();
    }

    /** Counts the tries a consumer makes again because a dependency is down ({@code exportflow_consumer_retries_total}). */
    public Counter consumerRetries(String channel) {
        return registry.counter("exportflow.consumer.retries", "channel", channel);
    }
}
