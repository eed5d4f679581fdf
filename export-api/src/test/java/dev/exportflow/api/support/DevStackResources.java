package dev.exportflow.api.support;

import dev.exportflow.devstack.testing.DevStackTestResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The devstack's real Kafka, PostgreSQL and S3 store for every {@code @QuarkusTest} of this module. Declared once
 * with GLOBAL scope, so all test classes share one Quarkus application and one stack.
 */
@WithTestResource(value = DevStackTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "api"))
public final class DevStackResources {

    private DevStackResources() {
    }
}
