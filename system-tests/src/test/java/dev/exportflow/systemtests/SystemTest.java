package dev.exportflow.systemtests;

import dev.exportflow.devstack.services.LocalSystem;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every system test uses: the running system, its public API, and what it did on the servers (records on the
 * topics, files in the bucket, the worker's claims).
 */
abstract class SystemTest {

    static LocalSystem system;
    static ExportApiClient api;
    static TestKafka kafka;
    static TestBucket bucket;
    static WorkerClaims claims;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.get();
        api = new ExportApiClient(system.apiBaseUrl());
        kafka = new TestKafka(system.stack());
        bucket = new TestBucket(system.stack());
        claims = new WorkerClaims(system.stack());
    }

    @AfterAll
    static void closeKafka() {
        kafka.close();
    }

    /** A signed-in user of the default tenant: the address the emails go to, and the bearer token. */
    static User user(String userId, String email) {
        return new User(email, system.stack().tokens().mint(userId, email));
    }

    record User(String email, String token) {
    }
}
