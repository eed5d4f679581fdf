package dev.exportflow.worker.testing;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.testing.DevStackTestResource;

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

    private WorkerTestStack() {
    }

    public static DevStack stack() {
        return DevStackTestResource.stack();
    }
}
