package dev.exportflow.devstack;

import dev.exportflow.devstack.containers.ContainerKafkaServer;
import dev.exportflow.devstack.containers.ContainerMailServer;
import dev.exportflow.devstack.containers.ContainerPostgresServer;
import dev.exportflow.devstack.containers.ContainerS3Server;
import dev.exportflow.devstack.kafka.KafkaServer;
import dev.exportflow.devstack.mail.MailServer;
import dev.exportflow.devstack.postgres.PostgresServer;
import dev.exportflow.devstack.storage.S3Server;

/** The four servers of a stack, as processes or as containers; nothing is started here. */
record StackServers(KafkaServer kafka, PostgresServer postgres, S3Server s3, MailServer mail) {

    static StackServers of(DevStackSettings settings, Infrastructure infrastructure) {
        return switch (infrastructure) {
            case PROCESSES -> new StackServers(new KafkaServer(settings), new PostgresServer(settings), new S3Server(settings),
                    new MailServer(settings));
            case CONTAINERS -> new StackServers(new ContainerKafkaServer(settings), new ContainerPostgresServer(settings),
                    new ContainerS3Server(settings), new ContainerMailServer(settings));
        };
    }
}
