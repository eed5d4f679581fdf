package dev.exportflow.notifier.delivery.messaging;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.Readiness;

import dev.exportflow.events.messaging.ConsumersJoined;

import io.smallrye.common.annotation.Identifier;

/** Not ready until every incoming Kafka channel has joined its group: see {@link ConsumersJoined}. */
@Readiness
@Singleton
@Identifier(ConsumersJoined.LISTENER)
public class KafkaConsumersJoined extends ConsumersJoined {

    public KafkaConsumersJoined(Config config) {
        super(config);
    }
}
