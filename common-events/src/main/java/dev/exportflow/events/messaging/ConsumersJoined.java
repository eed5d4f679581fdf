package dev.exportflow.events.messaging;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Readiness that waits for a service's Kafka consumers: DOWN until every incoming Kafka channel has joined its consumer
 * group and received its assignment once, UP from then on. Before that, a record published for the service waits
 * unread; after it, Kafka no longer decides readiness (a broker outage shows as consumer lag, and a probe would only
 * take every pod out at once). A member can be given no partition at all, when its group has more members than the
 * topic has partitions: it has joined all the same.
 *
 * <p>It is a bean of every service (this jar has a Jandex index, so Quarkus discovers it), and each service names it on
 * every incoming Kafka channel: {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=consumers-joined}.
 * The channels it waits for are read from the configuration: every {@code mp.messaging.incoming.<channel>.connector}
 * that is {@code smallrye-kafka} and not disabled, by its {@code topic} (the channel's name when unset).
 */
@Readiness
@Singleton
@Identifier(ConsumersJoined.LISTENER)
public class ConsumersJoined implements KafkaConsumerRebalanceListener, HealthCheck {

    /** The name the channels give as their {@code consumer-rebalance-listener.name}. */
    public static final String LISTENER = "consumers-joined";
    /** The name of the check in {@code /q/health/ready}. */
    public static final String CHECK = "Kafka consumers joined";

    private static final Logger LOG = Logger.getLogger(ConsumersJoined.class);
    private static final Pattern CHANNEL_CONNECTOR = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");
    private static final String KAFKA_CONNECTOR = "smallrye-kafka";

    /** Channel to topic, in the order of the channels' names. */
    private final Map<String, String> topics;
    /** Topic to the number of partitions of its first assignment. */
    private final Map<String, Integer> joined = new ConcurrentHashMap<>();

    public ConsumersJoined(Config config) {
        this.topics = kafkaChannels(config);
    }

    /** The incoming Kafka channels of a configuration, each with its topic. */
    static Map<String, String> kafkaChannels(Config config) {
        Map<String, String> channels = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            Matcher connector = CHANNEL_CONNECTOR.matcher(name);
            if (!connector.matches()
                    || !KAFKA_CONNECTOR.equals(config.getOptionalValue(name, String.class).orElse(null))) {
                continue;
            }
            String channel = connector.group(1);
            String prefix = "mp.messaging.incoming." + channel + ".";
            if (config.getOptionalValue(prefix + "enabled", Boolean.class).orElse(true)) {
                channels.put(channel, config.getOptionalValue(prefix + "topic", String.class).orElse(channel));
            }
        }
        return Collections.unmodifiableMap(channels);
    }

    /** Called on the consumer's polling thread after every rebalance, also when it was given no partition. */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (String topic : consumer.subscription()) {
            int count = (int) partitions.stream().filter(partition -> partition.topic().equals(topic)).count();
            if (joined.putIfAbsent(topic, count) == null) {
                LOG.infof("consumer of %s joined group %s with %d partition(s)", topic, groupOf(consumer), count);
            }
        }
    }

    private static String groupOf(Consumer<?, ?> consumer) {
        return Optional.ofNullable(consumer.groupMetadata()).map(group -> group.groupId()).orElse("?");
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(CHECK);
        boolean all = true;
        for (Map.Entry<String, String> channel : topics.entrySet()) {
            boolean hasJoined = joined.containsKey(channel.getValue());
            all &= hasJoined;
            response.withData(channel.getKey(), hasJoined ? "joined" : "joining its group");
        }
        return response.status(all).build();
    }
}
