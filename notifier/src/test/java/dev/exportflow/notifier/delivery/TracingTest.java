package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.TraceParent;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/** ExportNotified continues the trace of the event that asked for the email, although it is sent later. */
@QuarkusTest
class TracingTest extends NotifierTest {

    @Test
    void theNotificationContinuesTheTraceOfTheCompletedEvent() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        String traceId = "7d2b8a3c9e0f41b6a5c4d3e2f1a0b9c8";

        kafka.publish(completed, "00-" + traceId + "-a1b2c3d4e5f60718-00");

        ConsumerRecord<String, byte[]> notified = await().atMost(Duration.ofSeconds(30))
                .until(() -> notifiedRecords(completed.jobId()), hasSize(1)).get(0);
        assertThat(TraceParent.traceId(TestKafka.header(notified, TraceParent.HEADER))).isEqualTo(traceId);
    }
}
