package dev.exportflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.events.Topics;
import dev.exportflow.events.storage.ObjectKeys;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantee 5, safe replay, the way an operator does it: stop the consumers, reset their groups to
 * the beginning of the topics, start them again. Everything is read again; no file is written
 * again and no email is sent again.
 */
@Timeout(420)
class ReplayIT extends SystemTest {

    @Test
    void replayingEveryTopicFromTheStartWritesNoFileAndSendsNoEmailAgain() throws Exception {
        User user = user("replay-user", "replay.user@example.com");
        List<UUID> ids = new ArrayList<>();
        for (String status : List.of("NEW", "PAID")) {
            String id = api.submitAccepted(user.token(), ExportApiClient.orders(status));
            assertThat(api.awaitFinished(user.token(), id, Duration.ofMinutes(3)).getString("status")).isEqualTo("SUCCEEDED");
            ids.add(UUID.fromString(id));
        }
        await().atMost(Duration.ofMinutes(1))
                .until(() -> system.stack().mailbox().messagesFor(user.email()).size() == ids.size());
        Map<UUID, List<String>> objectsBefore = etags(ids);

        List<ServiceProcess> consumers = system.services().stream()
                .filter(process -> process.service() != Service.API).toList();
        consumers.forEach(process -> process.stop(Duration.ofSeconds(20)));
        try {
            rewind("export-worker", Topics.EXPORT_REQUESTED, Topics.EXPORT_CANCEL_REQUESTED);
            rewind("notifier", Topics.EXPORT_COMPLETED, Topics.EXPORT_FAILED);
        } finally {
            for (ServiceProcess process : consumers) {
                system.restart(process, SystemUnderTest.jvmOptions(process.service()));
            }
        }

        // every record the suite's earlier tests left on these topics is read again, so catching up can take minutes
        // on two cores
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> caughtUp("export-worker", Topics.EXPORT_REQUESTED) && caughtUp("notifier", Topics.EXPORT_COMPLETED));
        // replayed completions reach the notifier after the worker re-announces them: give it time to (not) send
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                .untilAsserted(() -> assertThat(system.stack().mailbox().messagesFor(user.email())).hasSize(ids.size()));
        assertThat(etags(ids)).isEqualTo(objectsBefore);
        for (UUID id : ids) {
            assertThat(api.job(user.token(), id.toString()).jsonPath().getString("status")).isEqualTo("SUCCEEDED");
        }
    }

    private static Map<UUID, List<String>> etags(List<UUID> ids) {
        Map<UUID, List<String>> etags = new LinkedHashMap<>();
        for (UUID id : ids) {
            etags.put(id, bucket.objects(ObjectKeys.jobPrefix(id)).stream()
                    .map(item -> item.objectName() + "@" + item.etag()).toList());
        }
        return etags;
    }

    /** What {@code kafka-consumer-groups.sh --reset-offsets --to-earliest --execute} does, for an inactive group. */
    private static void rewind(String group, String... topics) throws Exception {
        try (Admin admin = system.stack().kafka().admin()) {
            await().atMost(Duration.ofMinutes(1)).until(() -> admin.describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group).members().isEmpty());
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (String topic : topics) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(partition -> earliest.put(new TopicPartition(topic, partition.partition()),
                                OffsetSpec.earliest()));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS)
                    .entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue().offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get(10, TimeUnit.SECONDS);
        }
    }

    /** Whether a group has committed everything on a topic. */
    private static boolean caughtUp(String group, String topic) throws Exception {
        try (Admin admin = system.stack().kafka().admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .filter(partition -> partition.topic().equals(topic))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            return !latest.isEmpty() && admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .allMatch(end -> committed.get(end.getKey()) != null
                            && committed.get(end.getKey()).offset() >= end.getValue().offset());
        }
    }
}
