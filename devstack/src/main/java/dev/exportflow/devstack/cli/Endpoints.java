package dev.exportflow.devstack.cli;

import dev.exportflow.devstack.DevStack;

/** Prints where the servers of a stack answer. */
final class Endpoints {

    private Endpoints() {
    }

    static void print(Console console, DevStack stack) {
        var endpoints = stack.endpoints();
        console.line("  Kafka        %s", endpoints.kafkaBootstrapServers());
        console.line("  PostgreSQL   %s (user %s / %s)", endpoints.jdbcUrl("<db>"),
                dev.exportflow.devstack.Endpoints.SERVICE_USER, dev.exportflow.devstack.Endpoints.SERVICE_PASSWORD);
        console.line("  S3           %s (bucket %s, key %s / %s)", endpoints.s3Url(), endpoints.bucket(),
                endpoints.s3AccessKey(), endpoints.s3SecretKey());
        console.line("  SMTP         %s:%d", endpoints.smtpHost(), endpoints.smtpPort());
        console.line("  Mailbox API  %s/api/user/<email>/messages/", endpoints.mailApiUrl());
        console.line("  Logs         %s", stack.settings().logs());
    }
}
