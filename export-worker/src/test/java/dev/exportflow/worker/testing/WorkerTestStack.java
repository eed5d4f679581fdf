package dev.exportflow.worker.testing;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real servers every {@code @QuarkusTest} of the worker runs against: one devstack (Kafka, PostgreSQL, S3) for
 * the whole test JVM, applied globally so that Quarkus starts once for all test classes.
 */
@WithTestResource(value = DevStackTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "worker"))
public final class WorkerTestStack {

    private static TestKafka kafka;
    private static TestBucket bucket;

    private WorkerTestStack() {
    }

    public static DevStack stack() {
        return DevStackTestResource.stack();
    }

    /** The stack's broker as tests see it; one for the JVM, like the stack, so that its producers are made once. */
    public static synchronized TestKafka kafka() {
        if (kafka == null) {
            kafka = new TestKafka(stack());
        }
        return kafka;
    }

    /** The stack's export bucket as tests see it. */
    public static synchronized TestBucket bucket() {
        if (bucket == null) {
            bucket = new TestBucket(stack());
        }
        return bucket;
    }
}
