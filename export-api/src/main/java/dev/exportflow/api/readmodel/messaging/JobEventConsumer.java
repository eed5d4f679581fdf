package dev.exportflow.api.readmodel.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.readmodel.ReadModelService;
import dev.exportflow.events.ExportEvent;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds worker and notifier events into the read model. Offsets are committed only after the event's
 * transaction committed. A record that cannot be read is logged and skipped (its value arrives as null);
 * a database failure is retried a few times, then the channel's failure-strategy decides
 * (see application.properties).
 */
@ApplicationScoped
public class JobEventConsumer {

    private static final int ATTEMPTS = 3;

    private final ReadModelService readModel;

    public JobEventConsumer(ReadModelService readModel) {
        this.readModel = readModel;
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
        ExportEvent event = record.value();
        if (event == null) {
            Log.warnf("job %s: unreadable record on %s-%d@%d skipped", record.key(), record.topic(), record.partition(),
                    record.offset());
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                readModel.apply(event);
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    Log.errorf(e, "job %s: cannot apply %s from %s after %d attempts", event.jobId(),
                            event.getClass().getSimpleName(), record.topic(), attempt);
                    throw e;
                }
                Log.warnf("job %s: applying %s failed (%s); retrying", event.jobId(), event.getClass().getSimpleName(),
                        e.getMessage());
                pause(Duration.ofMillis(200L * attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
